import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceName } from '#core/unit/upgrade-metrics.js';

/**
 * The one entry every handler goes through, run as Lambda runs it: X-Ray's SDK reads the daemon's
 * address and Lambda's markers when it loads, so the entry is imported only after they are set, and
 * a UDP socket on loopback stands in for the X-Ray daemon.
 */
type Entry = typeof import('#handlers/runtime/lambda-entry.js');

const saved = { ...process.env };
let daemon: Socket;
const datagrams: Record<string, unknown>[] = [];
let lambdaHandler: Entry['lambdaHandler'];

beforeAll(async () => {
  daemon = createSocket('udp4');
  daemon.on('message', (message) => {
    // A header line, then the segment document.
    const [, document] = message.toString('utf8').split('\n');
    if (document) datagrams.push(JSON.parse(document) as Record<string, unknown>);
  });
  daemon.bind(0, '127.0.0.1');
  await once(daemon, 'listening');
  Object.assign(process.env, {
    LAMBDA_TASK_ROOT: '/var/task',
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
    _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
  });
  ({ lambdaHandler } = await import('#handlers/runtime/lambda-entry.js'));
});

afterAll(() => {
  process.env = { ...saved };
  daemon.close();
});

/** Log lines written while `run` runs (Powertools writes to standard output directly). */
async function logLines(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: unknown) => lines.push(String(chunk)) > 0) as typeof process.stdout.write;
  try {
    await run();
  } finally {
    process.stdout.write = write;
  }
  return lines
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A handler through the entry, as the stack deploys it under `step`. */
function entry(step: string, inLambda: boolean) {
  if (inLambda) process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs22.x';
  else delete process.env.AWS_EXECUTION_ENV;
  process.env.UPGRADER_HANDLER = step;
  const built: string[] = [];
  const handler = lambdaHandler(
    (env) => {
      built.push(env.UPGRADER_HANDLER ?? '');
      return { answer: 'scanned' };
    },
    (deps) => async () => ({ outcome: deps.answer }),
  );
  return { handler, built };
}

describe('the entry of every handler', () => {
  it('logs one line per invocation, for a trigger too, and builds the deps once per container', async () => {
    const { handler, built } = entry('scan', false);
    const lines = await logLines(async () => {
      await handler({ scheduledTime: '2026-12-03T00:00:00Z' });
      await handler({ scheduledTime: '2026-12-04T00:00:00Z' });
    });
    expect(lines.filter((line) => line.message === 'step finished')).toEqual([
      expect.objectContaining({ step: 'scan', outcome: 'scanned', service: serviceName }),
      expect.objectContaining({ step: 'scan', outcome: 'scanned', service: serviceName }),
    ]);
    expect(built).toEqual(['scan']);
  });

  it('traces each invocation in Lambda as a subsegment keyed by execution, and nothing outside Lambda', async () => {
    const event = { run: { runId: 'exec-7', instanceId: 'cloud' } };
    await logLines(() => entry('outside-lambda', false).handler(event));
    await logLines(() => entry('poll-upgrade', true).handler(event));
    await expect
      .poll(() => datagrams.map((document) => document.name), { timeout: 30_000 })
      .toContain('## poll-upgrade');
    expect(datagrams.map((document) => document.name)).not.toContain('## outside-lambda');
    expect(datagrams.find((document) => document.name === '## poll-upgrade')).toMatchObject({
      trace_id: '1-5759e988-bd862e3fe1be46a994272793',
      parent_id: '53995c3f42cd8ad8',
      annotations: {
        ColdStart: expect.any(Boolean),
        Service: serviceName,
        executionName: 'exec-7',
        instanceId: 'cloud',
      },
    });
  });
});
