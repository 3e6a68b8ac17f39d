import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Told of each answer from upstream: write it to `res` as it is, changed, or not at all. */
export type AnswerHandler = (req: IncomingMessage, answer: IncomingMessage, res: ServerResponse) => void;

export interface IbmProxy {
  readonly url: string;
  /** Closes the proxy, cutting the connections it still holds open (withheld answers). */
  stop(): Promise<void>;
}

/** Passes an answer on unchanged. */
export const passOn: AnswerHandler = (_req, answer, res) => {
  res.writeHead(answer.statusCode ?? 502, answer.headers);
  answer.pipe(res);
};

/**
 * An HTTP proxy on loopback in front of `targetUrl` (the simulator): every request goes through to
 * it, and `onAnswer` decides what the client gets back, as a network between the upgrader and IBM may.
 */
export async function startProxy(targetUrl: string, onAnswer: AnswerHandler): Promise<IbmProxy> {
  const upstream = new URL(targetUrl);
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const outgoing = forward(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => onAnswer(req, answer, res),
    );
    outgoing.on('error', () => res.destroy());
    req.pipe(outgoing);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
