import { loadTestSet } from '#adapters/test-sets/index.js';
import { ErrorName } from '#core/contract/errors.js';
import { MigrationNext } from '#core/contract/workflow-contract.js';
import {
  compareMigration,
  comparisonParameters,
  comparisonTestSet,
  type MigrationRecord,
  type MigrationStep,
  migrationNotice,
  proceed,
} from '#core/migration/index.js';
import { wavSeconds } from '#core/verification/index.js';
import { recordMigrationMeasurement } from '../runtime/change-measurement.js';
import type { MigrationDeps } from '../runtime/migration-deps.js';
import { newModelOf, releaseSource, save, stop } from './record-writer.js';

/** Recognises the test set with the source and the new model, records the verdict and tells the operators. */
export async function compare(deps: MigrationDeps, record: MigrationRecord): Promise<MigrationStep> {
  const compared = comparisonTestSet(record);
  if ('error' in compared) return stop(deps, record, compared.error, compared.reason);
  const testSet = deps.testSet(compared.testSet);
  let utterances: Awaited<ReturnType<typeof loadTestSet>>;
  try {
    utterances = await loadTestSet(testSet);
  } catch (error) {
    return stop(
      deps,
      record,
      ErrorName.TestSetMissing,
      error instanceof Error ? error.message : String(error),
    );
  }
  const recognizer = await deps.recognizer(record.instanceId);
  const parameters = comparisonParameters(deps.verification.customizationWeight);
  const heard = [];
  for (const utterance of utterances) {
    const audio = await testSet.readAudio(utterance.audio);
    const request = { audio, contentType: utterance.contentType };
    const source = await recognizer.recognize({
      ...request,
      parameters: parameters(record.sourceBaseModel, record.sourceId),
    });
    const target = await recognizer.recognize({
      ...request,
      parameters: parameters(record.target, newModelOf(record)),
    });
    heard.push({ reference: utterance.reference, source, target, audioSeconds: wavSeconds(audio) ?? null });
  }
  const comparison = compareMigration(heard, deps.verification.maxWerIncrease, record.target);
  const finished = await save(deps, record, {
    status: 'migrated',
    comparison: {
      ...comparison,
      wordsLost: [...comparison.wordsLost],
      wordsGained: [...comparison.wordsGained],
      warnings: [...comparison.warnings],
    },
  });
  await releaseSource(deps, finished);
  // The new model's side is its first accuracy-watch measurement and baseline, where the watch measures it.
  await recordMigrationMeasurement(deps, {
    record: finished,
    manifest: utterances,
    heard,
    parameters: parameters(record.target, newModelOf(record)),
    readModel: async () => (await deps.migrationStt(record.instanceId)).getLanguageModel(newModelOf(record)),
  });
  await deps.notifier?.notify(migrationNotice(finished));
  return proceed(MigrationNext.Done);
}
