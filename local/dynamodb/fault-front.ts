import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SeededRandom } from '#simulator/index.js';
import {
  type DynamoFaultStats,
  type DynamoFaults,
  type DynamoRequest,
  parseDynamoFaults,
} from './dynamo-faults.js';
import { IndexLag } from './index-lag.js';

const DATA_READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);
const ERROR_PREFIX = 'com.amazonaws.dynamodb.v20120810#';

/** How a lost answer reaches the client: both make the SDK send the write again. */
export type DynamoAnswerLoss = 'reset' | 'server-error';

export interface FaultFront {
  readonly endpoint: string;
  /** Replaces the rates and the lag; the seed restarts the random choices. */
  configure(faults: unknown): void;
  /** Applies the next `times` writes `matches` accepts, then loses their answers, whatever the rates. */
  loseAnswers(
    matches: (request: DynamoRequest) => boolean,
    options?: { times?: number; kind?: DynamoAnswerLoss },
  ): void;
  stats(): DynamoFaultStats;
  stop(): Promise<void>;
}

interface PlannedLoss {
  readonly matches: (request: DynamoRequest) => boolean;
  readonly kind: DynamoAnswerLoss;
  times: number;
}

/**
 * An HTTP front for dynalite that answers as harshly as DynamoDB may: throttles, 500s, writes
 * applied whose answers are lost, and global secondary indexes that lag behind the table. Written
 * here because no DynamoDB emulator offers these faults.
 */
export async function startFaultFront(target: string, faults: unknown = {}): Promise<FaultFront> {
  let settings: DynamoFaults = parseDynamoFaults(faults);
  let random = new SeededRandom(settings.seed);
  const planned: PlannedLoss[] = [];
  const lag = new IndexLag();
  lag.lagMs = settings.indexLagMs;
  const counts = { requests: 0, throttled: 0, serverErrors: 0, reset: 0, lostServerError: 0 };
  const agent = new http.Agent({ keepAlive: true });
  const targetUrl = new URL(target);

  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const outgoing = http.request(
        {
          host: targetUrl.hostname,
          port: targetUrl.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent,
        },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () =>
            resolve({
              status: answer.statusCode ?? 500,
              headers: answer.headers,
              body: Buffer.concat(chunks),
            }),
          );
          answer.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  const lossFor = (request: DynamoRequest): DynamoAnswerLoss | undefined => {
    const plan = planned.find((candidate) => candidate.matches(request));
    if (plan) {
      plan.times--;
      if (plan.times <= 0) planned.splice(planned.indexOf(plan), 1);
      return plan.kind;
    }
    if (settings.lostAnswerRate > 0 && random.next() < settings.lostAnswerRate) {
      return random.next() < 0.5 ? 'reset' : 'server-error';
    }
    return undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const request: DynamoRequest = { operation, body: parseJson(body) };
    const faulted = DATA_READS.has(operation) || WRITES.has(operation);
    if (faulted) {
      counts.requests++;
      const draw = random.next();
      if (draw < settings.throttleRate) {
        counts.throttled++;
        const name = random.next() < 0.5 ? 'ProvisionedThroughputExceededException' : 'ThrottlingException';
        return sendError(res, 400, name, 'Rate of requests exceeds the allowed throughput.');
      }
      if (draw < settings.throttleRate + settings.serverErrorRate) {
        counts.serverErrors++;
        return sendError(res, 500, 'InternalServerError', 'Internal server error');
      }
    }
    const loss = WRITES.has(operation) ? lossFor(request) : undefined;
    const answer = await forward(req, body);
    lag.observe(request, answer.status, answer.body);
    if (loss === 'reset') {
      counts.reset++;
      res.socket?.destroy();
      return;
    }
    if (loss === 'server-error') {
      counts.lostServerError++;
      return sendError(res, 500, 'InternalServerError', 'Internal server error');
    }
    const indexed = lag.hide(request, answer.body);
    const headers = { ...answer.headers };
    let payload = answer.body;
    if (indexed) {
      payload = indexed;
      // The body changed: its checksum and length are recomputed by Node or no longer apply.
      delete headers['x-amz-crc32'];
      delete headers['content-length'];
    }
    res.writeHead(answer.status, headers);
    res.end(payload);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      sendError(res, 500, 'InternalServerError', `front: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo; // Listening on TCP, so the address is never a pipe name.

  return {
    endpoint: `http://127.0.0.1:${port}`,
    configure(next) {
      settings = parseDynamoFaults(next);
      random = new SeededRandom(settings.seed);
      lag.lagMs = settings.indexLagMs;
    },
    loseAnswers(matches, options = {}) {
      planned.push({ matches, kind: options.kind ?? 'reset', times: options.times ?? 1 });
    },
    stats: () => ({
      requests: counts.requests,
      throttled: counts.throttled,
      serverErrors: counts.serverErrors,
      lostAnswers: { reset: counts.reset, serverError: counts.lostServerError },
      hiddenFromIndex: lag.hidden,
    }),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

function parseJson(body: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body.toString('utf8') || '{}');
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function sendError(res: ServerResponse, status: number, name: string, message: string): void {
  const payload = JSON.stringify({ __type: `${ERROR_PREFIX}${name}`, message });
  res.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.0',
    'x-amzn-ErrorType': name,
    'Content-Length': Buffer.byteLength(payload),
  });
  res.end(payload);
}
