import { ErrorName } from '../contract/workflow-contract.js';
import type { CustomModel } from '../model/custom-model.js';
import type { MigrationRecord } from './migration-record.js';
import { newModelDescription } from './new-model.js';
import type { MigrationStop } from './steps.js';

export type CreateAction =
  | { readonly action: 'keep' }
  | { readonly action: 'adopt'; readonly customizationId: string }
  | {
      readonly action: 'create';
      readonly model: { readonly name: string; readonly baseModelName: string; readonly description: string };
    };

/**
 * Keep the recorded new model while IBM still has it; otherwise adopt one a lost create answer (or a
 * crash before the record was written) left with the source id in its description; only then create.
 */
export function createAction(
  record: Pick<MigrationRecord, 'newModelId' | 'newModelName' | 'target' | 'sourceId'>,
  recordedModelExists: boolean,
  migratedFromSource: CustomModel | undefined,
): CreateAction {
  if (record.newModelId && recordedModelExists) return { action: 'keep' };
  if (migratedFromSource) return { action: 'adopt', customizationId: migratedFromSource.customizationId };
  return {
    action: 'create',
    model: {
      name: record.newModelName,
      baseModelName: record.target,
      description: newModelDescription(record.sourceId),
    },
  };
}

/**
 * After a create failed: IBM's limit stops the migration; an answer lost in transit ("maybe
 * started") is decided by what IBM shows, never by the missing answer; anything else is rethrown.
 */
export function afterCreateFailure(
  error: { readonly name: string; readonly ibmMessage: string },
  migratedFromSource: CustomModel | undefined,
):
  | MigrationStop
  | { readonly action: 'adopt'; readonly customizationId: string }
  | { readonly action: 'rethrow' } {
  if (error.name === ErrorName.ModelLimitReached)
    return { action: 'stop', error: ErrorName.ModelLimitReached, reason: error.ibmMessage };
  if (error.name !== ErrorName.Transient || !migratedFromSource) return { action: 'rethrow' };
  return { action: 'adopt', customizationId: migratedFromSource.customizationId };
}
