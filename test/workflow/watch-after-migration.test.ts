import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigrationWorld, seedMigrationWorld } from '#demo/migration-world.js';
import type { LocalUpgrader } from '#local/local-upgrader.js';
import { startTestBed, type TestBed } from '#testkit/local-fleet.js';

/**
 * A migration to a large speech model on an instance the watch covers: the new model's comparison is
 * its first measurement, and the watch compares with it. The demo's migration world, local mode.
 */
const instanceId = 'migrated-instance';
let bed: TestBed;
let upgrader: LocalUpgrader;
let world: MigrationWorld;

beforeAll(async () => {
  bed = await startTestBed({ simulator: { seed: 11 } });
  world = await seedMigrationWorld(
    bed.simulator,
    { corpusStore: path.join(bed.directory, 'corpora'), testSets: path.join(bed.directory, 'test-sets') },
    () => new Promise((resolve) => setTimeout(resolve, 400)),
  );
  upgrader = await bed.startUpgrader({
    instance: {
      id: instanceId,
      // The new en-US models are watched on the set their source was compared on.
      settings: {
        testSets: { byModel: { ...world.testSetByModel }, byBaseModel: { 'en-US': 'support-lines' } },
      },
    },
    testSets: { directory: world.testSets },
    migration: { corpusStore: world.corpusStore },
  });
});

afterAll(async () => {
  await bed?.stop();
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
