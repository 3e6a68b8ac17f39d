import type { ErrorName } from '#core/contract/errors.js';
import {
  type MigrationRecord,
  type MigrationStep,
  stoppedAnswer,
  stoppedChange,
} from '#core/migration/index.js';
import type { MigrationDeps } from '../runtime/migration-deps.js';

/** Writes the record whole with `change`, stamped with the workflow's clock. */
export async function save(deps: MigrationDeps, record: MigrationRecord, change: Partial<MigrationRecord>) {
  return deps.history.migration.put({ ...record, ...change, updatedAt: deps.clock.now().toISOString() });
}

/** Gives up this run's claim on the source: the migration has ended, one way or another. */
export async function releaseSource(deps: MigrationDeps, record: MigrationRecord): Promise<void> {
  await deps.history.releaseClaims(record.instanceId, record.sourceId, record.runId);
}

/** Records the stop with its stable name and reason, releases the source, and answers `stopped`. */
export async function stop(
  deps: MigrationDeps,
  record: MigrationRecord,
  error: ErrorName,
  reason: string,
): Promise<MigrationStep> {
  await save(deps, record, stoppedChange(error, reason));
  await releaseSource(deps, record);
  return stoppedAnswer(record, error, reason);
}

/** The new model's id; every phase after create has one. */
export function newModelOf(record: MigrationRecord): string {
  if (!record.newModelId) throw new Error(`the migration of ${record.sourceId} has no new model yet`);
  return record.newModelId;
}
