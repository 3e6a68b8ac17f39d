import { NoAuthAuthenticator } from 'ibm-watson/auth/index.js';
import SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_CLAIM_STEP } from '#core/migration/index.js';
import { instanceId, type MigrationHarness, startMigrationHarness } from './migration-harness.js';

let h: MigrationHarness;
let sdk: SpeechToTextV1;
/** A next-generation source with a word and no test set: its migration stops with TestSetMissing. */
let untested: string;
beforeAll(async () => {
  h = await startMigrationHarness();
  sdk = new SpeechToTextV1({ authenticator: new NoAuthAuthenticator(), serviceUrl: h.simulator.url });
  untested = (await sdk.createLanguageModel({ name: 'untested', baseModelName: 'en-US_Telephony' })).result
    .customization_id;
  await sdk.addWords({ customizationId: untested, words: [{ word: 'copay', sounds_like: ['co pay'] }] });
  await sdk.trainLanguageModel({ customizationId: untested });
  await new Promise((resolve) => setTimeout(resolve, 400));
  h.simulator.clearRequestLog();
}, 120_000);
afterAll(() => h?.stop());

const creates = () => h.simulator.requestLog().filter((e) => e.operation === 'create_language_model');
const sources = () => [...Object.values(h.world.sources), untested];

describe('the migration fleet', () => {
  it('migrates every model in a child execution each, records every outcome and never changes a source', async () => {
    const result = await h.upgrader.runMigrationFleet(
      { instanceIds: [instanceId] },
      { name: 'migrate-all-1' },
    );
    expect(result.status).toBe('SUCCEEDED');
    const better = await h.record(h.world.sources['support-lines'] as string);
    const worse = await h.record(h.world.sources['zurich-claims'] as string);
    const stopped = await h.record(untested);
    expect(better).toMatchObject({
      status: 'migrated',
      fleetRunId: 'migrate-all-1',
      comparison: { verdict: 'better' },
    });
    expect(worse).toMatchObject({
      status: 'migrated',
      fleetRunId: 'migrate-all-1',
      comparison: { verdict: 'worse' },
    });
    expect(stopped).toMatchObject({
      status: 'failed',
      fleetRunId: 'migrate-all-1',
      newModelId: null,
      error: { name: 'TestSetMissing' },
    });
    expect(creates()).toHaveLength(2);
    for (const id of sources()) expect(h.changesTo(id)).toEqual([]);
    const run = await h.upgrader.history.migration.fleetRun('migrate-all-1');
    expect(run?.plan).toMatchObject({ itemCount: 3, pageCount: 1, alreadyMigratedCount: 0 });
    expect(run?.summary).toMatchObject({
      status: 'MigrationsHadFailures',
      planned: 3,
      migrated: 2,
      verdicts: { better: 1, equal: 0, worse: 1, invalid: 0 },
      failed: 1,
      failures: [{ sourceId: untested, name: 'untested', error: 'TestSetMissing' }],
      unfinished: 0,
    });
    // Each migration told its verdict, then the fleet its summary.
    expect(h.notices.map((n) => n.subject)).toEqual([
      expect.stringMatching(/^Migration of (support-lines|zurich-claims) to en-US/),
      expect.stringMatching(/^Migration of (support-lines|zurich-claims) to en-US/),
      'STT migration fleet migrate-all-1: MigrationsHadFailures',
    ]);
    expect(h.notices.at(-1)?.message).toMatch(/untested \(migration-instance\): TestSetMissing/);
    // Every migration gave its claim on its source back.
    for (const id of sources()) expect(await h.upgrader.history.claims(instanceId, id)).toEqual([]);
  });

  it('run again, migrates only what is not migrated yet', async () => {
    const before = creates().length;
    const result = await h.upgrader.runMigrationFleet({}, { name: 'migrate-all-2' });
    expect(result.status).toBe('SUCCEEDED');
    const run = await h.upgrader.history.migration.fleetRun('migrate-all-2');
    expect(run?.plan).toMatchObject({ itemCount: 1, alreadyMigratedCount: 2 });
    expect(run?.summary).toMatchObject({ planned: 1, migrated: 0, failed: 1, alreadyMigrated: 2 });
    expect(creates()).toHaveLength(before);
    expect((await h.record(h.world.sources['support-lines'] as string))?.fleetRunId).toBe('migrate-all-1');
  });

  it('leaves a model an upgrade is at work on, with the reason, and its upgrade keeps its claim', async () => {
    // Any en-US_Multimedia model is judged on the support-lines set: nothing but the claim stops it.
    const id = (await sdk.createLanguageModel({ name: 'busy-lines', baseModelName: 'en-US_Multimedia' }))
      .result.customization_id;
    await sdk.addWords({ customizationId: id, words: [{ word: 'copay', sounds_like: ['co pay'] }] });
    await sdk.trainLanguageModel({ customizationId: id });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const before = creates().length;
    await h.upgrader.history.startRun({
      runId: 'upgrade-run-1',
      instanceId,
      trigger: { type: 'manual', id: 'test' },
      dryRun: false,
      startedAt: new Date().toISOString(),
      modelIds: [id],
    });
    const upgrade = { instanceId, customizationId: id, upgradeStep: 'upgrade', targetKey: 'from:v1' };
    expect(await h.upgrader.history.claim(upgrade, 'upgrade-run-1', new Date().toISOString())).toMatchObject({
      granted: true,
    });
    const result = await h.upgrader.runMigrationFleet({ sourceIds: [id] }, { name: 'migrate-claimed-1' });
    expect(result.status).toBe('SUCCEEDED');
    expect((await h.record(id))?.error).toEqual({
      name: 'ModelClaimed',
      reason: expect.stringMatching(/upgrade run upgrade-run-1 is upgrading this model/),
    });
    const claims = await h.upgrader.history.claims(instanceId, id);
    expect(claims.map((c) => c.runId)).toEqual(['upgrade-run-1']);
    expect(claims.some((c) => c.key.sk.startsWith(MIGRATION_CLAIM_STEP))).toBe(false);
    expect(creates()).toHaveLength(before);
  });

  it('refuses an instance that is not configured, naming it', async () => {
    const result = await h.upgrader.runMigrationFleet(
      { instanceIds: ['nowhere'] },
      { name: 'migrate-nowhere' },
    );
    expect(result).toMatchObject({ status: 'FAILED', error: 'InvalidInput' });
    expect(result.cause).toMatch(/instanceIds: no STT instance 'nowhere' is configured/);
  });
});
