import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo; // TCP, so never a pipe name.
  return `http://127.0.0.1:${port}`;
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets and requests left hanging on purpose would otherwise hold the close.
    server.closeAllConnections();
  });
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** How the notes server answers one path: a page, or never (to test the fetch timeout). */
export type NotesAnswer =
  | { readonly status?: number; readonly body: string | Buffer; readonly contentType?: string }
  | 'hang';

/** Serves release notes on loopback; tests change the answers between checks. */
export interface NotesServer {
  readonly url: string;
  answer(path: string, answer: NotesAnswer): void;
  /** Paths requested, in order. */
  readonly requests: string[];
  stop(): Promise<void>;
}

export async function startNotesServer(): Promise<NotesServer> {
  const answers = new Map<string, NotesAnswer>();
  const requests: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/';
    requests.push(path);
    const answer = answers.get(path);
    if (answer === 'hang') return; // Never answers; the client's timeout must end the wait.
    if (!answer) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    response
      .writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'text/plain; charset=utf-8' })
      .end(answer.body);
  });
  const url = await listen(server);
  return {
    url,
    answer: (path, answer) => answers.set(path, answer),
    requests,
    stop: () => close(server),
  };
}

/** One request the AWS stand-in received: the JSON protocol's target and the parsed body. */
export interface AwsRequest {
  readonly target: string;
  readonly body: Record<string, unknown>;
}

/**
 * Speaks the AWS JSON protocol of EventBridge PutEvents and Step Functions StartExecution and
 * StopExecution on loopback, for the real SDK clients. StartExecution answers as AWS does for a
 * name already used: HTTP 400 with `__type` `ExecutionAlreadyExists`; StopExecution of an execution
 * it never started answers `ExecutionDoesNotExist`.
 */
export interface AwsStandIn {
  readonly endpoint: string;
  readonly requests: AwsRequest[];
  /** Bodies of the StartExecution requests, input parsed. */
  startedExecutions(): { name: string; stateMachineArn: string; input: unknown }[];
  /** Details of every event put, parsed, with the entry's other fields. */
  putEvents(): { source: string; detailType: string; eventBusName: string; detail: unknown }[];
  /** The next PutEvents call reports this many of its entries as failed. */
  failNextPutEvents(count: number): void;
  stop(): Promise<void>;
}

export async function startAwsStandIn(): Promise<AwsStandIn> {
  const requests: AwsRequest[] = [];
  const names = new Set<string>();
  let failEntries = 0;
  const server = createServer(async (request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const body = JSON.parse((await bodyOf(request)) || '{}') as Record<string, unknown>;
    requests.push({ target, body });
    const json = (status: number, value: unknown, contentType: string) =>
      response.writeHead(status, { 'content-type': contentType }).end(JSON.stringify(value));
    if (target === 'AWSEvents.PutEvents') {
      const entries = body.Entries as unknown[];
      const failed = Math.min(failEntries, entries.length);
      failEntries = 0;
      json(
        200,
        {
          FailedEntryCount: failed,
          Entries: entries.map((_, index) =>
            index < failed
              ? { ErrorCode: 'InternalFailure', ErrorMessage: 'stand-in failure' }
              : { EventId: `event-${requests.length}-${index}` },
          ),
        },
        'application/x-amz-json-1.1',
      );
      return;
    }
    if (target === 'AWSStepFunctions.StartExecution') {
      const name = String(body.name);
      if (!String(body.stateMachineArn).includes(':stateMachine:')) {
        json(400, { __type: 'InvalidArn', message: 'Invalid Arn' }, 'application/x-amz-json-1.0');
        return;
      }
      const arn = `${String(body.stateMachineArn).replace(':stateMachine:', ':execution:')}:${name}`;
      if (names.has(name)) {
        json(
          400,
          { __type: 'ExecutionAlreadyExists', message: `Execution Already Exists: '${arn}'` },
          'application/x-amz-json-1.0',
        );
        return;
      }
      names.add(name);
      json(200, { executionArn: arn, startDate: 1_767_225_600 }, 'application/x-amz-json-1.0');
      return;
    }
    if (target === 'AWSStepFunctions.StopExecution') {
      const arn = String(body.executionArn);
      if (!names.has(arn.slice(arn.lastIndexOf(':') + 1))) {
        json(
          400,
          { __type: 'ExecutionDoesNotExist', message: `Execution Does Not Exist: '${arn}'` },
          'application/x-amz-json-1.0',
        );
        return;
      }
      json(200, { stopDate: 1_767_225_700 }, 'application/x-amz-json-1.0');
      return;
    }
    json(400, { __type: 'UnknownOperationException', message: target }, 'application/x-amz-json-1.0');
  });
  const endpoint = await listen(server);
  return {
    endpoint,
    requests,
    startedExecutions: () =>
      requests
        .filter((request) => request.target === 'AWSStepFunctions.StartExecution')
        .map(({ body }) => ({
          name: String(body.name),
          stateMachineArn: String(body.stateMachineArn),
          input: JSON.parse(String(body.input)),
        })),
    putEvents: () =>
      requests
        .filter((request) => request.target === 'AWSEvents.PutEvents')
        .flatMap(({ body }) => body.Entries as Record<string, string>[])
        .map((entry) => ({
          source: String(entry.Source),
          detailType: String(entry.DetailType),
          eventBusName: String(entry.EventBusName),
          detail: JSON.parse(String(entry.Detail)),
        })),
    failNextPutEvents: (count) => {
      failEntries = count;
    },
    stop: () => close(server),
  };
}
