import { mapWithConcurrency } from '#adapters/test-sets/concurrency.js';
import type { MigrationPlan, MigrationRecord } from '#core/migration/index.js';
import type { ExecutionResult } from './executor/index.js';
import type { LocalUpgrader } from './local-upgrader.js';

/** Migrations of one instance run at once: each waits on IBM most of the time. */
const MIGRATION_CONCURRENCY = 4;

export interface MigrationRun {
  readonly executions: readonly { readonly sourceId: string; readonly result: ExecutionResult }[];
  readonly records: readonly MigrationRecord[];
}

/**
 * Runs the migration state machine once per model of the plan, blocked ones included (they stop at
 * once and their reason is recorded), and reads back the records.
 */
export async function runPlannedMigrations(
  upgrader: LocalUpgrader,
  plan: MigrationPlan,
  instanceId: string,
  runName: string,
): Promise<MigrationRun> {
  const executions = await mapWithConcurrency(plan.models, MIGRATION_CONCURRENCY, async (model) => ({
    sourceId: model.customizationId,
    result: await upgrader.runMigration(
      { instanceId, sourceId: model.customizationId },
      { name: `${runName}-${model.customizationId.slice(0, 8)}` },
    ),
  }));
  const records = (await upgrader.history.migration.ofInstance(instanceId)).filter((r) =>
    plan.models.some((m) => m.customizationId === r.sourceId),
  );
  return { executions, records };
}
