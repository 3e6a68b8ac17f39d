import { ErrorName, SttError } from '#core/contract/errors.js';
import { MigrationNext } from '#core/contract/workflow-contract.js';
import {
  afterCreateFailure,
  createAction,
  type MigrationRecord,
  type MigrationStep,
  type MigrationStt,
  modelsMigratedFrom,
  proceed,
} from '#core/migration/index.js';
import type { MigrationDeps } from '../runtime/migration-deps.js';
import { save, stop } from './record-writer.js';

/** Whether the model still exists at IBM: someone may have deleted the new model since the last run. */
async function exists(stt: MigrationStt, customizationId: string | null): Promise<boolean> {
  if (!customizationId) return false;
  try {
    await stt.getLanguageModel(customizationId);
    return true;
  } catch (error) {
    if (error instanceof SttError && error.name === ErrorName.ModelNotFound) return false;
    throw error;
  }
}

/** Finds the new model, or creates it; a create is "maybe started" and read back by its description. */
export async function create(deps: MigrationDeps, record: MigrationRecord): Promise<MigrationStep> {
  const stt = await deps.migrationStt(record.instanceId);
  const findMigrated = async () =>
    modelsMigratedFrom(await stt.listLanguageModels(), record.sourceId, record.target)[0];
  const recordedExists = await exists(stt, record.newModelId);
  const decided = createAction(record, recordedExists, recordedExists ? undefined : await findMigrated());
  if (decided.action === 'keep') return proceed(MigrationNext.AddWords);
  if (decided.action === 'adopt') {
    await save(deps, record, { newModelId: decided.customizationId });
    return proceed(MigrationNext.AddWords);
  }
  const noted = await save(deps, record, { createRequestedAt: deps.clock.now().toISOString() });
  try {
    const id = await stt.createLanguageModel(decided.model);
    await save(deps, noted, { newModelId: id });
    return proceed(MigrationNext.AddWords);
  } catch (error) {
    if (!(error instanceof SttError)) throw error;
    const after = afterCreateFailure(
      error,
      error.name === ErrorName.Transient ? await findMigrated() : undefined,
    );
    if (after.action === 'rethrow') throw error;
    if (after.action === 'stop') return stop(deps, noted, after.error, after.reason);
    await save(deps, noted, { newModelId: after.customizationId });
    return proceed(MigrationNext.AddWords);
  }
}
