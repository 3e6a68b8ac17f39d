import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Just enough of S3 for a test-set reader and uploader, addressed by path (`/bucket/key`): PUT,
 * GET and HEAD of objects, 404 NoSuchKey for others, 403 AccessDenied for keys listed as forbidden.
 */
export class S3StandIn {
  readonly objects = new Map<string, Uint8Array>();
  readonly forbidden = new Set<string>();
  readonly requests: string[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://stand-in');
      const key = decodeURIComponent(url.pathname.slice(1));
      this.requests.push(`${request.method} ${key}`);
      if (request.method === 'PUT') {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          this.objects.set(key, new Uint8Array(Buffer.concat(chunks)));
          response.writeHead(200, { etag: '"stand-in"' });
          response.end();
        });
        return;
      }
      const object = this.objects.get(key);
      const failure = this.forbidden.has(key)
        ? { status: 403, code: 'AccessDenied' }
        : object === undefined
          ? { status: 404, code: 'NoSuchKey' }
          : undefined;
      if (failure) {
        response.writeHead(failure.status, { 'content-type': 'application/xml' });
        response.end(
          request.method === 'HEAD'
            ? undefined
            : `<Error><Code>${failure.code}</Code><Message>no</Message></Error>`,
        );
        return;
      }
      const body = object as Uint8Array;
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      response.end(request.method === 'HEAD' ? undefined : body);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.server?.close((error) => (error ? reject(error) : resolve())),
    );
  }
}
