import { readMigrationSource } from '#adapters/migration/source-reader.js';
import { ErrorName } from '#core/contract/errors.js';
import { MigrationNext } from '#core/contract/workflow-contract.js';
import {
  blockingClaim,
  claimedReason,
  type HeldClaim,
  type MigrationInput,
  type MigrationRecord,
  type MigrationStep,
  migrationClaimTarget,
  planMigration,
  preparedRecord,
  prepareStop,
  proceed,
} from '#core/migration/index.js';
import { testSetFor } from '#core/settings/instance-settings.js';
import { heldClaims } from '../runtime/held-claims.js';
import type { MigrationDeps } from '../runtime/migration-deps.js';
import { stop } from './record-writer.js';

/** Reads the source, its store and test set, plans the one model, claims it, and records the start. */
export async function prepare(
  deps: MigrationDeps,
  input: MigrationInput,
  runId: string,
): Promise<MigrationStep> {
  const stt = await deps.migrationStt(input.instanceId);
  const settings = await deps.instanceSettings(input.instanceId);
  // The reader asks about the source alone: the one language model whose pairings matter here.
  const paired = await deps.pairedAcousticModels(input.instanceId, input.sourceId);
  const [source, languageModels] = await Promise.all([
    stt.getLanguageModel(input.sourceId),
    stt.listLanguageModels(),
  ]);
  const facts = await readMigrationSource(
    {
      stt,
      corpusStore: deps.corpusStore,
      testSetOf: (m) => (settings ? testSetFor(settings.testSets, m.customizationId, m.baseModelName) : null),
      openTestSet: deps.testSet,
      pairedAcousticModels: (lm) => (lm === input.sourceId ? paired : []),
    },
    source,
  );
  const [planned] = planMigration({
    instanceId: input.instanceId,
    languageModels,
    sources: [facts],
    settings: deps.migration,
  }).models;
  const previous = await deps.history.migration.get(input.instanceId, input.sourceId);
  const now = deps.clock.now();
  const record = preparedRecord({ input, runId, source, planned, previous, now: now.toISOString() });
  const blocker = prepareStop(planned, record);
  if (blocker) return stop(deps, record, blocker.error, blocker.reason);
  const held = await claimSource(deps, record, now);
  if (held) return stop(deps, record, ErrorName.ModelClaimed, claimedReason(held));
  await deps.history.migration.put(record);
  return proceed(MigrationNext.Create);
}

/**
 * Claims the source (taking it over from an earlier migration run of it), then looks for an upgrade's
 * claim: of an upgrade and a migration that claim together, at least one sees the other. Returns the
 * claim that keeps this run off the model.
 */
async function claimSource(
  deps: MigrationDeps,
  record: MigrationRecord,
  now: Date,
): Promise<HeldClaim | undefined> {
  const target = migrationClaimTarget(record.instanceId, record.sourceId, record.target);
  const claim = await deps.history.claim(target, record.runId, now.toISOString());
  if (!claim.granted) await deps.history.takeOverClaim(target, record.runId, claim.heldBy, now.toISOString());
  const held = await heldClaims(deps.history, record.instanceId, record.sourceId, record.runId);
  return blockingClaim(held, { runId: record.runId, kind: 'migration' }, now);
}
