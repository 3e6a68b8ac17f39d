import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalUpgrader } from '#local/local-upgrader.js';
import type { RunningSimulator } from '#simulator/index.js';
import { startTestBed, type TestBed } from '#testkit/local-fleet.js';

/**
 * A scan that asks IBM itself which models are behind (opt-in per instance): a version no release
 * note announced is found by the "Using previous version of base model" warning.
 */
const base = 'en-US_BroadbandModel';
const models = ['0c000000-0000-4000-8000-000000000001', '0c000000-0000-4000-8000-000000000002'];

let bed: TestBed;
let simulator: RunningSimulator;
let upgrader: LocalUpgrader;

beforeAll(async () => {
  bed = await startTestBed({ simulator: { seed: 3 } });
  simulator = bed.simulator;
  upgrader = await bed.startUpgrader({
    instances: [
      { id: 'probed', connection: bed.connection(), settings: { probeBehind: true } },
      { id: 'quiet', connection: bed.connection() },
    ],
  });
});

afterAll(async () => {
  await bed?.stop();
});

const scan = (name: string, instanceIds: string[]) =>
  upgrader.runFleet({ trigger: { type: 'schedule', id: name }, instanceIds }, { name });

describe('a scan that probes its models with IBM', () => {
  it('finds nothing to do where the instance does not probe: no release note announced the version', async () => {
    simulator.seedFleet({
      languageModels: models.map((customizationId, n) => ({
        customizationId,
        name: `calls-${n}`,
        baseModelName: base,
        words: 100,
      })),
    });
    simulator.releaseBaseModelVersion(base, 'v2026-11-24');
    const result = await scan('schedule-quiet', ['quiet']);
    expect(result.status).toBe('SUCCEEDED');
    expect((await upgrader.history.fleet.requireRun('schedule-quiet')).plan.unitCount).toBe(0);
    expect(simulator.stats().recognition.requests).toBe(0);
  });

  it('plans the models IBM warns are on a previous version, upgrades them, and says what the probe cost', async () => {
    const result = await scan('schedule-probed', ['probed']);
    expect(result.status).toBe('SUCCEEDED');
    const run = await upgrader.history.fleet.requireRun('schedule-probed');
    expect(run.plan.probe).toEqual({ models: 2, behind: 2, failed: 0, audioMinutes: 2 / 60 });
    expect(run.summary?.models.upgraded).toBe(2);
    expect(run.summary?.message).toContain('probed 2 model(s) with IBM (0.03 audio minutes): 2 behind');
    for (const id of models) expect(simulator.model(id)?.versions).toContain(`${base}.v2026-11-24`);
    expect(simulator.stats().recognition.requests).toBe(2);
  });

  it('finds them current once upgraded: the warning is gone', async () => {
    await scan('schedule-probed-again', ['probed']);
    const run = await upgrader.history.fleet.requireRun('schedule-probed-again');
    expect(run.plan.probe).toMatchObject({ models: 2, behind: 0 });
    expect(run.plan.unitCount).toBe(0);
  });
});
