import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSttConnection } from '#adapters/stt/index.js';
import { type LocalDynamo, startLocalDynamo } from '#local/dynamodb/index.js';
import { type LocalUpgrader, startLocalUpgrader } from '#local/local-upgrader.js';
import { ScaledClock } from '#local/scaled-clock.js';
import { type RunningSimulator, startSimulator } from '#simulator/index.js';

/**
 * A scan that asks IBM itself which models are behind (opt-in per instance): a version no release
 * note announced is found by the "Using previous version of base model" warning.
 */
const base = 'en-US_BroadbandModel';
const models = ['0c000000-0000-4000-8000-000000000001', '0c000000-0000-4000-8000-000000000002'];

let simulator: RunningSimulator;
let dynamo: LocalDynamo;
let upgrader: LocalUpgrader;

beforeAll(async () => {
  const clock = new ScaledClock(20_000);
  simulator = await startSimulator({ clock: { now: () => clock.nowMs() }, seed: 3 });
  dynamo = await startLocalDynamo();
  const connection = parseSttConnection({ serviceUrl: simulator.url, auth: { type: 'none' } });
  upgrader = await startLocalUpgrader({
    instances: [
      { id: 'probed', connection, settings: { probeBehind: true } },
      { id: 'quiet', connection },
    ],
    dynamoEndpoint: dynamo.endpoint,
    clock,
  });
});

afterAll(async () => {
  await simulator?.stop();
  await dynamo?.stop();
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
