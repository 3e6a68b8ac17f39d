import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSttConnection } from '#adapters/stt/index.js';
import { type MigrationWorld, seedMigrationWorld } from '#demo/migration-world.js';
import { type LocalDynamo, startLocalDynamo } from '#local/dynamodb/index.js';
import { type LocalUpgrader, startLocalUpgrader } from '#local/local-upgrader.js';
import { ScaledClock } from '#local/scaled-clock.js';
import { type RunningSimulator, startSimulator } from '#simulator/index.js';

/**
 * A migration to a large speech model on an instance the watch covers: the new model's comparison is
 * its first measurement, and the watch compares with it. The demo's migration world, local mode.
 */
const instanceId = 'migrated-instance';
let simulator: RunningSimulator;
let dynamo: LocalDynamo;
let upgrader: LocalUpgrader;
let world: MigrationWorld;
let dir: string;

beforeAll(async () => {
  const clock = new ScaledClock(20_000);
  simulator = await startSimulator({ clock: { now: () => clock.nowMs() }, seed: 11 });
  dir = mkdtempSync(path.join(tmpdir(), 'watch-migration-'));
  world = await seedMigrationWorld(
    simulator,
    { corpusStore: path.join(dir, 'corpora'), testSets: path.join(dir, 'test-sets') },
    () => new Promise((resolve) => setTimeout(resolve, 400)),
  );
  dynamo = await startLocalDynamo();
  upgrader = await startLocalUpgrader({
    instances: [
      {
        id: instanceId,
        connection: parseSttConnection({ serviceUrl: simulator.url, auth: { type: 'none' } }),
        // The new en-US models are watched on the set their source was compared on.
        settings: {
          testSets: { byModel: { ...world.testSetByModel }, byBaseModel: { 'en-US': 'support-lines' } },
        },
      },
    ],
    dynamoEndpoint: dynamo.endpoint,
    clock,
    testSets: { directory: world.testSets },
    migration: { corpusStore: world.corpusStore },
  });
});

afterAll(async () => {
  await simulator?.stop();
  await dynamo?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the watch after a migration', () => {
  it("records the new model's comparison as its first measurement, and compares the next run with it", async () => {
    const source = world.sources['support-lines'] as string;
    const result = await upgrader.runMigration({ instanceId, sourceId: source }, { name: 'migrate-watched' });
    expect(result.status).toBe('SUCCEEDED');
    const record = await upgrader.history.migration.get(instanceId, source);
    const newModel = record?.newModelId ?? '';
    const first = await upgrader.history.watch.latest(instanceId, newModel);
    expect(first).toMatchObject({
      reason: 'migration',
      runId: record?.runId,
      baseModelName: 'en-US',
      testSet: 'support-lines',
      wer: record?.comparison?.target.wer,
      substitutions: record?.comparison?.target.substitutions,
      parameters: { model: 'en-US', language_customization_id: newModel },
      comparison: { verdict: 'baseline' },
    });
    // Nothing was recorded for the source: the measurement belongs to the new model.
    expect((await upgrader.history.watch.measurements(instanceId, source)).map((m) => m.reason)).toEqual([]);
    expect(await upgrader.history.watch.baseline(instanceId, newModel)).toBe(first?.watchRunId);
    const kept = readFileSync(path.join(world.testSets, ...(first?.transcripts ?? '').split('/')), 'utf8');
    expect(kept.trim().split('\n')).toHaveLength(first?.utterances ?? -1);

    const watch = await upgrader.runWatch(
      { instanceId, trigger: 'manual' },
      { name: 'watch-after-migration' },
    );
    expect(watch.status).toBe('SUCCEEDED');
    expect(await upgrader.history.watch.latest(instanceId, newModel)).toMatchObject({
      reason: 'watch',
      comparison: { verdict: 'steady', baselineMeasuredAt: first?.measuredAt, notified: false },
    });
  });
});
