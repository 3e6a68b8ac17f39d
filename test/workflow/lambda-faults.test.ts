import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalUpgrader, LocalUpgraderOptions } from '#local/local-upgrader.js';
import type { RunningSimulator } from '#simulator/index.js';
import { startTestBed, type TestBed } from '#testkit/local-fleet.js';
import { type IbmProxy, passOn, startProxy } from '#testkit/proxy.js';

// Faults only AWS gives: Lambda throttles an invoke, or stops a function at its timeout after the
// function sent its request to IBM. Neither may fail a model.

const instanceId = 'aws-faults';
const base = 'en-US_BroadbandModel';
const release = 'v2026-11-24';
const LM = '2a000000-0000-4000-8000-000000000001';
const AM = '2b000000-0000-4000-8000-000000000002';
const LM2 = '2c000000-0000-4000-8000-000000000003';

let bed: TestBed;
let simulator: RunningSimulator;
beforeAll(async () => {
  bed = await startTestBed({ simulator: { seed: 3 } });
  simulator = bed.simulator;
});
afterAll(async () => {
  await bed?.stop();
});

const upgraderFor = (
  serviceUrl: string,
  faults: Pick<LocalUpgraderOptions, 'lambdaFaults' | 'functionTimeScale'>,
) => bed.startUpgrader({ ...faults, instance: { id: instanceId, serviceUrl } });

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

interface WithholdingProxy extends IbmProxy {
  withheld(): number;
}

/**
 * A proxy in front of the simulator that forwards the first request whose path ends with `path`
 * (IBM applies it) and never answers it: the function that sent it runs into its timeout.
 */
async function startWithholdingProxy(targetUrl: string, path: string): Promise<WithholdingProxy> {
  let withheld = 0;
  const proxy = await startProxy(targetUrl, (req, answer, res) => {
    if (withheld === 0 && req.method === 'POST' && req.url?.split('?')[0]?.endsWith(path)) {
      withheld += 1;
      answer.resume();
      return;
    }
    passOn(req, answer, res);
  });
  return { ...proxy, withheld: () => withheld };
}
