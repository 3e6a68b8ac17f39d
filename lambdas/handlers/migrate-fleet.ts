import { z } from 'zod';
import { mapWithConcurrency } from '#adapters/test-sets/concurrency.js';
import { parseOrThrow } from '#core/contract/parse.js';
import { MigrationFleetPhase } from '#core/contract/workflow-contract.js';
import { selectInstances, unreachableInstance } from '#core/fleet/fleet-planning.js';
import type { UnreachableInstance } from '#core/fleet/fleet-records.js';
import { cursorAfter, fetchUnitPageTaskSchema, summarizeFleetTaskSchema } from '#core/fleet/page-cursor.js';
import {
  type InstanceLanguageModels,
  type MigrationFleetInput,
  migrationFleetInputSchema,
  migrationFleetNotice,
  planMigrationFleet,
  summarizeMigrationFleet,
} from '#core/migration/index.js';
import { fleetRefSchema } from '#core/unit/unit-input.js';
import { awsMigrationDeps } from './runtime/aws-deps.js';
import { lambdaHandler } from './runtime/lambda-entry.js';
import type { MigrationDeps } from './runtime/migration-deps.js';
import type { UnitHandler } from './runtime/unit-deps.js';

/** Record reads of the summary at once: a fleet of thousands reads them in minutes, without a burst. */
const RECORD_READS_IN_FLIGHT = 16;

const eventSchema = z.discriminatedUnion('phase', [
  z.object({
    phase: z.literal(MigrationFleetPhase.Plan),
    input: z.unknown(),
    execution: z.object({ name: fleetRefSchema.shape.runId }),
  }),
  fetchUnitPageTaskSchema.extend({ phase: z.literal(MigrationFleetPhase.Page) }),
  summarizeFleetTaskSchema.extend({ phase: z.literal(MigrationFleetPhase.Summarize) }),
]);

/**
 * The migration fleet's own tasks: plan (list each instance's language models, leave out those
 * already migrated, write pages of sources), fetch a page for the Distributed Map, and summarize
 * (count the verdicts and failures from the migration records, record and tell the operators).
 */
export function migrateFleet(deps: MigrationDeps): UnitHandler {
  return async (event) => {
    const task = parseOrThrow(eventSchema, event, 'migrate-fleet input');
    switch (task.phase) {
      case MigrationFleetPhase.Plan:
        return plan(
          deps,
          task.execution.name,
          parseOrThrow(migrationFleetInputSchema, task.input, 'Migration fleet input'),
        );
      case MigrationFleetPhase.Page: {
        const run = await requireRun(deps, task.fleetRunId);
        return {
          ...cursorAfter(task.fleetRunId, task.nextPage, run.plan.pageCount),
          page: task.nextPage,
          items: await deps.history.migration.fleetPage(task.fleetRunId, task.nextPage),
        };
      }
      case MigrationFleetPhase.Summarize:
        return summarize(deps, task.fleetRunId);
    }
  };
}

async function requireRun(deps: MigrationDeps, fleetRunId: string) {
  const run = await deps.history.migration.fleetRun(fleetRunId);
  if (!run) throw new Error(`no migration fleet run ${fleetRunId} is recorded`);
  return run;
}

async function plan(deps: MigrationDeps, fleetRunId: string, input: MigrationFleetInput) {
  const planned = await deps.history.migration.fleetRun(fleetRunId);
  if (planned) return cursorAfter(fleetRunId, 0, planned.plan.pageCount);
  const chosen = selectInstances(await deps.fleetInstances(), input.instanceIds, 'Migration fleet input');
  const listed: InstanceLanguageModels[] = [];
  const unreachable: UnreachableInstance[] = [];
  for (const { id } of chosen) {
    try {
      const languageModels = await (await deps.migrationStt(id)).listLanguageModels();
      listed.push({ instanceId: id, languageModels });
    } catch (error) {
      // As the upgrade fleet: a passing fault is the state machine's to retry; any other is this
      // instance's own problem and must not keep the others from their migrations.
      const failed = unreachableInstance(id, error);
      if (!failed) throw error;
      unreachable.push(failed);
    }
  }
  const records = (
    await Promise.all(listed.map((i) => deps.history.migration.ofInstance(i.instanceId)))
  ).flat();
  const { plan: fleetPlan, pages } = planMigrationFleet(fleetRunId, input, listed, records, unreachable);
  const run = await deps.history.migration.recordFleetPlan(
    { fleetRunId, startedAt: deps.clock.now().toISOString(), plan: fleetPlan },
    pages,
  );
  return cursorAfter(fleetRunId, 0, run.plan.pageCount);
}

async function summarize(deps: MigrationDeps, fleetRunId: string) {
  const run = await requireRun(deps, fleetRunId);
  if (run.summary) return run.summary;
  const planned = [];
  for (let page = 1; page <= run.plan.pageCount; page++)
    planned.push(...(await deps.history.migration.fleetPage(fleetRunId, page)));
  const records = await mapWithConcurrency(planned, RECORD_READS_IN_FLIGHT, (p) =>
    deps.history.migration.get(p.instanceId, p.sourceId),
  );
  const summary = summarizeMigrationFleet(fleetRunId, run.plan, planned, records);
  await deps.history.migration.finishFleetRun(run, summary, deps.clock.now().toISOString());
  await deps.notifier?.notify(migrationFleetNotice(fleetRunId, summary));
  return summary;
}

export const handler = lambdaHandler(awsMigrationDeps, migrateFleet);
