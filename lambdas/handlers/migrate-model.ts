import { parseOrThrow } from '#core/contract/parse.js';
import { MigrationNext, MigrationPhase } from '#core/contract/workflow-contract.js';
import { caughtFailure, migrationEventSchema, migrationInputSchema } from '#core/migration/index.js';
import { addCorpora, addWords } from './migration/carry.js';
import { compare } from './migration/compare.js';
import { create } from './migration/create.js';
import { prepare } from './migration/prepare.js';
import { stop } from './migration/record-writer.js';
import { train } from './migration/train.js';
import { awsMigrationHandler, type MigrationDeps } from './runtime/migration-deps.js';
import type { UnitHandler } from './runtime/unit-deps.js';

/**
 * Moves one custom language model to a large speech model, one phase per task: prepare, create
 * (or find) the new model, add words, add corpora one at a time, train, compare on the test set.
 * Each phase reads the migration record, looks at IBM, decides in core, acts once and writes the
 * record, so a retried or re-run phase resumes where the last one stopped. The source model is only
 * ever read and recognised with.
 */
export function migrateModel(deps: MigrationDeps): UnitHandler {
  return async (event) => {
    const task = parseOrThrow(migrationEventSchema, event, 'migrate-model input');
    const input = parseOrThrow(migrationInputSchema, task.input, 'Migration execution input');
    if (task.phase === MigrationPhase.Prepare) return prepare(deps, input, task.execution.name);
    const record = await deps.history.migration.get(input.instanceId, input.sourceId);
    if (!record && task.phase === MigrationPhase.RecordFailure) {
      // Prepare itself failed (the source unknown, IBM unreachable): nothing was recorded or created.
      return {
        next: MigrationNext.Stopped,
        wakeAt: '',
        error: task.failure?.Error ?? 'Error',
        cause: task.failure?.Cause ?? '',
      };
    }
    if (!record) throw new Error(`no migration record of ${input.sourceId} on ${input.instanceId}`);
    switch (task.phase) {
      case MigrationPhase.Create:
        return create(deps, record);
      case MigrationPhase.AddWords:
        return addWords(deps, record);
      case MigrationPhase.AddCorpora:
        return addCorpora(deps, record);
      case MigrationPhase.Train:
        return train(deps, record);
      case MigrationPhase.Compare:
        return compare(deps, record);
      case MigrationPhase.RecordFailure: {
        const { error, reason } = caughtFailure(task.failure);
        return stop(deps, record, error, reason);
      }
    }
  };
}

export const handler = awsMigrationHandler(migrateModel);
