import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigrationRecord, migrationClaimTarget } from '#core/migration/index.js';
import { type Harness, instanceId, startHarness } from './harness.js';

const base = 'en-US_BroadbandModel';
const LM = '0d000000-0000-4000-8000-000000000001';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

/** A migration of LM, as the migration state machine records it while it runs. */
const migration = (status: MigrationRecord['status']): MigrationRecord => ({
  instanceId,
  sourceId: LM,
  sourceName: 'calls',
  sourceBaseModel: base,
  target: 'en-US',
  newModelName: 'calls',
  newModelId: null,
  runId: 'migration-run-1',
  status,
  words: [],
  corpora: [],
  testSet: 'calls',
  leftBehind: [],
  wordsRejected: [],
  corporaResent: [],
  trainPolls: 0,
  updatedAt: new Date().toISOString(),
});

const unit = { instanceId, trigger: { type: 'manual', id: 'test' }, languageModelId: LM };

describe('an upgrade beside a migration of the same model', () => {
  it('skips the model while a migration holds it, and upgrades it once the migration has ended', async () => {
    h.seed({
      languageModels: [
        { customizationId: LM, name: 'calls', baseModelName: base, status: 'available', words: 100 },
      ],
    });
    h.simulator.releaseBaseModelVersion(base, 'v2026-11-24');
    await h.upgrader.history.migration.put(migration('running'));
    const claim = migrationClaimTarget(instanceId, LM, 'en-US');
    await h.upgrader.history.claim(claim, 'migration-run-1', new Date().toISOString());

    const held = await h.upgrader.runUnit(unit, { name: 'beside-migration-1' });
    expect(held.status).toBe('SUCCEEDED');
    const [skipped] = (await h.upgrader.history.runHistory(held.name)).attempts;
    expect(skipped).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/migration-run-1/) });
    expect(h.callsFor(LM).filter((c) => c.startsWith('upgrade_'))).toEqual([]);
    // The upgrade gave its own claim back; the migration's stays.
    expect((await h.upgrader.history.claims(instanceId, LM)).map((c) => c.runId)).toEqual([
      'migration-run-1',
    ]);

    await h.upgrader.history.migration.put(migration('migrated'));
    const after = await h.upgrader.runUnit(unit, { name: 'beside-migration-2' });
    expect(after.status).toBe('SUCCEEDED');
    const [upgraded] = (await h.upgrader.history.runHistory(after.name)).attempts;
    expect(upgraded).toMatchObject({ outcome: 'upgraded' });
    expect(h.callsFor(LM).filter((c) => c.startsWith('upgrade_'))).toEqual(['upgrade_language_model']);
  });
});
