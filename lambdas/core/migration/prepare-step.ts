import { ErrorName } from '../contract/workflow-contract.js';
import type { ModelMigrationPlan } from './migration-plan.js';
import type { MigrationRecord } from './migration-record.js';
import type { MigrationInput } from './migration-task.js';
import type { MigrationStop } from './steps.js';

/** The source as IBM lists it. */
export interface PreparedSource {
  readonly name: string;
  readonly baseModelName: string;
}

/**
 * The record a run starts from: the plan of the one model, and the new model an earlier run of it
 * created (a re-run resumes on it rather than creating a second one).
 */
export function preparedRecord(args: {
  readonly input: MigrationInput;
  readonly runId: string;
  readonly source: PreparedSource;
  readonly planned: ModelMigrationPlan | undefined;
  readonly previous: MigrationRecord | undefined;
  readonly now: string;
}): MigrationRecord {
  const { input, source, planned, previous } = args;
  return {
    instanceId: input.instanceId,
    sourceId: input.sourceId,
    sourceName: source.name,
    sourceBaseModel: source.baseModelName,
    target: planned?.target ?? source.baseModelName,
    newModelName: planned?.newModel.name ?? source.name,
    newModelId: previous?.newModelId ?? planned?.newModel.existingId ?? null,
    runId: args.runId,
    ...(input.fleetRunId && { fleetRunId: input.fleetRunId }),
    status: 'running',
    words: [...(planned?.words ?? [])].map((w) => ({ ...w, soundsLike: [...w.soundsLike] })),
    corpora: [...(planned?.corpora ?? [])],
    testSet: planned?.testSet ?? null,
    leftBehind: [...(planned?.leftBehind ?? [])],
    wordsRejected: [],
    corporaResent: [],
    trainPolls: 0,
    updatedAt: args.now,
  };
}

/**
 * Whether the migration stops before it creates anything. A migration already started needs no room
 * under IBM's limit (its model exists); any other blocker of the plan stops it.
 */
export function prepareStop(
  planned: ModelMigrationPlan | undefined,
  record: Pick<MigrationRecord, 'newModelId' | 'sourceBaseModel'>,
): MigrationStop | undefined {
  if (!planned) {
    return {
      action: 'stop',
      error: ErrorName.NoLsmTarget,
      reason: `${record.sourceBaseModel} is already a large speech model`,
    };
  }
  if (!planned.blocked) return undefined;
  if (planned.blocked.error === ErrorName.ModelLimitReached && record.newModelId) return undefined;
  return { action: 'stop', ...planned.blocked };
}
