import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSttConnection } from '#adapters/stt/index.js';
import { type LocalDynamo, startLocalDynamo } from '#local/dynamodb/index.js';
import { type LocalUpgrader, type LocalUpgraderOptions, startLocalUpgrader } from '#local/local-upgrader.js';
import { ScaledClock } from '#local/scaled-clock.js';
import { type RunningSimulator, startSimulator } from '#simulator/index.js';

// Faults only AWS gives: Lambda throttles an invoke, or stops a function at its timeout after the
// function sent its request to IBM. Neither may fail a model.

const instanceId = 'aws-faults';
const base = 'en-US_BroadbandModel';
const release = 'v2026-11-24';
const LM = '2a000000-0000-4000-8000-000000000001';
const AM = '2b000000-0000-4000-8000-000000000002';
const LM2 = '2c000000-0000-4000-8000-000000000003';

let clock: ScaledClock;
let simulator: RunningSimulator;
let dynamo: LocalDynamo;
beforeAll(async () => {
  clock = new ScaledClock(20_000);
  simulator = await startSimulator({ clock: { now: () => clock.nowMs() }, seed: 3 });
  dynamo = await startLocalDynamo();
});
afterAll(async () => {
  await simulator?.stop();
  await dynamo?.stop();
});

const upgraderFor = (
  serviceUrl: string,
  faults: Pick<LocalUpgraderOptions, 'lambdaFaults' | 'functionTimeScale'>,
) =>
  startLocalUpgrader({
    ...faults,
    instances: [{ id: instanceId, connection: parseSttConnection({ serviceUrl, auth: { type: 'none' } }) }],
    dynamoEndpoint: dynamo.endpoint,
    clock,
  });

const languageModel = (customizationId: string) => ({
  customizationId,
  name: `calls-${customizationId.slice(0, 2)}`,
  baseModelName: base,
  status: 'available' as const,
  words: 2000,
});

const unit = (name: string, models: Record<string, unknown>) => ({
  input: {
    instanceId,
    trigger: { type: 'manual', id: name },
    options: { targetVersions: { [base]: release } },
    ...models,
  },
  name,
});

/** Upgrade requests IBM applied to a model, whether or not their answer reached the upgrader. */
const appliedUpgrades = (customizationId: string) =>
  simulator
    .requestLog()
    .filter(
      (e) =>
        e.customizationId === customizationId &&
        e.operation.startsWith('upgrade_') &&
        (e.status === 200 || e.appliedStatus === 200),
    );

describe('Lambda throttles', () => {
  let upgrader: LocalUpgrader;
  beforeAll(async () => {
    // Seed 7 throttles the first two invocations: the validate task, which has no Catch.
    upgrader = await upgraderFor(simulator.url, { lambdaFaults: { throttleRate: 0.3, seed: 7 } });
  });

  it('retries a throttled task: no model is recorded failed, and a task with no Catch does not fail the execution', async () => {
    simulator.reset();
    simulator.seedFleet({
      languageModels: [languageModel(LM)],
      acousticModels: [
        { customizationId: AM, name: 'audio', baseModelName: base, status: 'available', audioMinutes: 30 },
      ],
    });
    simulator.releaseBaseModelVersion(base, release);
    const { input, name } = unit('throttled', {
      languageModelId: LM,
      acousticModels: [{ customizationId: AM, trainedWithLanguageModel: true }],
    });
    const result = await upgrader.runUnit(input, { name });

    expect({ status: result.status, error: result.error, cause: result.cause }).toEqual({
      status: 'SUCCEEDED',
      error: undefined,
      cause: undefined,
    });
    const retried = result.events.flatMap((event) =>
      event.type === 'StateRetried' && 'state' in event ? [event.state.name] : [],
    );
    expect(retried).toContain('Validate input');
    expect(upgrader.lambdaFaultCounts().throttled).toBeGreaterThanOrEqual(2);
    const { attempts } = await upgrader.history.runHistory(name);
    expect(attempts.map((a) => [a.customizationId, a.outcome]).sort()).toEqual(
      [
        [LM, 'upgraded'],
        [AM, 'upgraded'],
      ].sort(),
    );
    expect(appliedUpgrades(LM)).toHaveLength(1);
  });
});

describe('a function timeout after its IBM request', () => {
  let upgrader: LocalUpgrader;
  let proxy: WithholdingProxy;
  beforeAll(async () => {
    proxy = await startWithholdingProxy(simulator.url, '/upgrade_model');
    // Function time runs 100 times faster than the wall clock: the start function's timeout is 1.65 s.
    upgrader = await upgraderFor(proxy.url, { functionTimeScale: 100 });
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  it('retries the start task, which finds the model upgrading and records it upgraded once, not failed', async () => {
    simulator.reset();
    simulator.seedFleet({ languageModels: [languageModel(LM2)] });
    simulator.releaseBaseModelVersion(base, release);
    const { input, name } = unit('timed-out', { languageModelId: LM2 });
    const result = await upgrader.runUnit(input, { name });

    // IBM applied the request; its answer never reached the function, which Lambda stopped.
    expect(proxy.withheld()).toBe(1);
    expect(upgrader.lambdaFaultCounts().timedOut).toBeGreaterThanOrEqual(1);
    const retried = result.events.flatMap((event) =>
      event.type === 'StateRetried' && 'state' in event ? [event.state.name] : [],
    );
    expect(retried).toContain('Language model: start upgrade');
    expect(result.status).toBe('SUCCEEDED');
    expect(appliedUpgrades(LM2)).toHaveLength(1);
    const { attempts } = await upgrader.history.runHistory(name);
    expect(attempts).toEqual([
      expect.objectContaining({ customizationId: LM2, outcome: 'upgraded', lostAnswers: 1 }),
    ]);
  });
});

interface WithholdingProxy {
  url: string;
  withheld(): number;
  stop(): Promise<void>;
}

/**
 * A proxy in front of the simulator that forwards the first request whose path ends with `path`
 * (IBM applies it) and never answers it: the function that sent it runs into its timeout.
 */
async function startWithholdingProxy(targetUrl: string, path: string): Promise<WithholdingProxy> {
  const upstream = new URL(targetUrl);
  let withheld = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const outgoing = forward(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        if (withheld === 0 && req.method === 'POST' && req.url?.split('?')[0]?.endsWith(path)) {
          withheld += 1;
          answer.resume();
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
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
    withheld: () => withheld,
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
