import { z } from 'zod';
import { InvalidInputError } from '../contract/errors.js';
import { ErrorName } from '../contract/workflow-contract.js';
import { LISTED_MAX, type UnreachableInstance, unreachableInstanceSchema } from '../fleet/fleet-records.js';
import { defaultPageLimits, MAX_PAGES_PER_FLEET } from '../fleet/unit-selection.js';
import type { CustomModel } from '../model/custom-model.js';
import { customizationIdSchema, fleetRefSchema, instanceIdSchema } from '../unit/unit-input.js';
import type { MigrationRecord } from './migration-record.js';
import { needsMigration } from './target-mapping.js';

/**
 * A migration fleet run: every previous- or next-generation custom language model of the chosen
 * instances, one migration each, as the upgrade fleet runs units: pages in the history table, a
 * Distributed Map per page, one summary.
 */

const fleetRunId = fleetRefSchema.shape.runId;

/** The execution input of the migration fleet state machine. */
export const migrationFleetInputSchema = z.strictObject({
  /** @default every configured instance */
  instanceIds: z.array(instanceIdSchema).min(1).optional(),
  /** Only these source models (customization ids). @default every model that needs a migration */
  sourceIds: z.array(customizationIdSchema).min(1).optional(),
});
export type MigrationFleetInput = z.infer<typeof migrationFleetInputSchema>;

/** One item of a page: the migration state machine's input, with the fleet run it belongs to. */
export const migrationFleetItemSchema = z.strictObject({
  instanceId: instanceIdSchema,
  sourceId: customizationIdSchema,
  fleetRunId,
});
export type MigrationFleetItem = z.infer<typeof migrationFleetItemSchema>;

const listedSourceSchema = z.object({
  instanceId: z.string(),
  sourceId: z.string(),
  name: z.string(),
});

/** A source a fleet run did not migrate because an earlier run already did. */
export type AlreadyMigrated = z.infer<typeof listedSourceSchema>;

export const migrationFleetPlanSchema = z.object({
  instances: z.array(z.string()),
  itemCount: z.number().int().nonnegative(),
  pageCount: z.number().int().nonnegative(),
  alreadyMigratedCount: z.number().int().nonnegative(),
  /** The first `LISTED_MAX` of them. */
  alreadyMigrated: z.array(listedSourceSchema),
  unreachableInstances: z.array(unreachableInstanceSchema),
});
export type MigrationFleetPlan = z.infer<typeof migrationFleetPlanSchema>;

/** Same rules as the upgrade fleet: 100 items a page (an item is under 200 bytes), at most 1,600 pages. */
export const MIGRATION_PAGE_SIZE = defaultPageLimits.maxUnits;

export interface InstanceLanguageModels {
  readonly instanceId: string;
  readonly languageModels: readonly CustomModel[];
}

/**
 * Which models the fleet migrates: each previous- or next-generation custom language model (of
 * `sourceIds`, when given) not already migrated. A model whose last migration stopped is run again,
 * and resumes; a model the plan will refuse (no target, nothing to carry) is run too, so that its
 * reason is recorded, as `migrate run` does.
 */
export function planMigrationFleet(
  runId: string,
  input: MigrationFleetInput,
  instances: readonly InstanceLanguageModels[],
  records: readonly MigrationRecord[],
  unreachableInstances: readonly UnreachableInstance[],
): { plan: MigrationFleetPlan; pages: MigrationFleetItem[][] } {
  const items: MigrationFleetItem[] = [];
  const done: AlreadyMigrated[] = [];
  for (const { instanceId, languageModels } of instances) {
    const sources = languageModels
      .filter((m) => needsMigration(m.baseModelName))
      .filter((m) => !input.sourceIds || input.sourceIds.includes(m.customizationId))
      .sort((a, b) => a.name.localeCompare(b.name) || a.customizationId.localeCompare(b.customizationId));
    for (const model of sources) {
      const record = records.find((r) => r.instanceId === instanceId && r.sourceId === model.customizationId);
      if (record?.status === 'migrated')
        done.push({ instanceId, sourceId: model.customizationId, name: model.name });
      else items.push({ instanceId, sourceId: model.customizationId, fleetRunId: runId });
    }
  }
  const pages: MigrationFleetItem[][] = [];
  for (let i = 0; i < items.length; i += MIGRATION_PAGE_SIZE)
    pages.push(items.slice(i, i + MIGRATION_PAGE_SIZE));
  if (pages.length > MAX_PAGES_PER_FLEET) {
    throw new InvalidInputError('Migration fleet input', [
      `selects ${items.length} models in ${pages.length} pages; one fleet run takes at most ${MAX_PAGES_PER_FLEET} pages: narrow it with instanceIds or sourceIds`,
    ]);
  }
  return {
    plan: {
      instances: instances.map((i) => i.instanceId),
      itemCount: items.length,
      pageCount: pages.length,
      alreadyMigratedCount: done.length,
      alreadyMigrated: done.slice(0, LISTED_MAX),
      unreachableInstances: [...unreachableInstances],
    },
    pages,
  };
}

const failedMigrationSchema = listedSourceSchema.extend({ error: z.string(), reason: z.string() });

export const migrationFleetStatusSchema = z.enum([
  'NothingToMigrate',
  'AllMigrated',
  'MigrationsHadFailures',
]);

export const migrationFleetSummarySchema = z.object({
  status: migrationFleetStatusSchema,
  /** Models this run planned to migrate. */
  planned: z.number().int().nonnegative(),
  migrated: z.number().int().nonnegative(),
  verdicts: z.object({
    better: z.number().int().nonnegative(),
    equal: z.number().int().nonnegative(),
    worse: z.number().int().nonnegative(),
    invalid: z.number().int().nonnegative(),
  }),
  failed: z.number().int().nonnegative(),
  /** The first `LISTED_MAX` failed migrations, with their stable error and reason. */
  failures: z.array(failedMigrationSchema),
  /** Planned models this run never finished (the fleet was stopped, or another run holds them). */
  unfinished: z.number().int().nonnegative(),
  alreadyMigrated: z.number().int().nonnegative(),
  unreachableInstances: z.number().int().nonnegative(),
});
export type MigrationFleetSummary = z.infer<typeof migrationFleetSummarySchema>;

/**
 * Counts what the run's migrations came to, from their records: a record another run wrote since, or
 * none, means this run did not finish that model.
 */
export function summarizeMigrationFleet(
  runId: string,
  plan: MigrationFleetPlan,
  planned: readonly { readonly instanceId: string; readonly sourceId: string }[],
  records: readonly (MigrationRecord | undefined)[],
): MigrationFleetSummary {
  const verdicts = { better: 0, equal: 0, worse: 0, invalid: 0 };
  const failures: z.infer<typeof failedMigrationSchema>[] = [];
  let migrated = 0;
  let unfinished = 0;
  planned.forEach((item, i) => {
    const record = records[i];
    if (!record || record.fleetRunId !== runId || record.status === 'running') {
      unfinished++;
    } else if (record.status === 'migrated') {
      migrated++;
      verdicts[record.comparison?.verdict ?? 'invalid']++;
    } else {
      failures.push({
        instanceId: item.instanceId,
        sourceId: item.sourceId,
        name: record.sourceName,
        error: record.error?.name ?? ErrorName.RequestRejected,
        reason: record.error?.reason ?? '',
      });
    }
  });
  const failed = failures.length;
  const status =
    planned.length === 0
      ? 'NothingToMigrate'
      : failed + unfinished + plan.unreachableInstances.length === 0
        ? 'AllMigrated'
        : 'MigrationsHadFailures';
  return {
    status,
    planned: planned.length,
    migrated,
    verdicts,
    failed,
    failures: failures.slice(0, LISTED_MAX),
    unfinished,
    alreadyMigrated: plan.alreadyMigratedCount,
    unreachableInstances: plan.unreachableInstances.length,
  };
}

export const migrationFleetRunSchema = z.object({
  fleetRunId,
  startedAt: z.string(),
  plan: migrationFleetPlanSchema,
  summary: migrationFleetSummarySchema.optional(),
  finishedAt: z.string().optional(),
});
export type MigrationFleetRun = z.infer<typeof migrationFleetRunSchema>;

export const migrationFleetPageSchema = z.object({
  fleetRunId,
  page: z.number().int().min(1),
  items: z.array(migrationFleetItemSchema),
});
export type MigrationFleetPage = z.infer<typeof migrationFleetPageSchema>;

/** One line per count: what the operators' topic is told when a migration fleet run ends. */
export function migrationFleetNotice(runId: string, summary: MigrationFleetSummary) {
  const v = summary.verdicts;
  const lines = [
    `Migration fleet run ${runId}: ${summary.migrated} of ${summary.planned} model(s) migrated (${v.better} better, ${v.equal} equal, ${v.worse} worse, ${v.invalid} invalid), ${summary.failed} failed, ${summary.unfinished} unfinished; ${summary.alreadyMigrated} already migrated before.`,
    ...summary.failures.map((f) => `  ${f.name || f.sourceId} (${f.instanceId}): ${f.error}: ${f.reason}`),
  ];
  if (summary.failed > summary.failures.length)
    lines.push(
      `  ... and ${summary.failed - summary.failures.length} more: see 'stt-upgrader migrate status'.`,
    );
  if (summary.unreachableInstances > 0)
    lines.push(`${summary.unreachableInstances} instance(s) could not be read: see the fleet run's plan.`);
  lines.push('Source models were not changed; each migrated model was told with what to change in clients.');
  return {
    subject: `STT migration fleet ${runId}: ${summary.status}`.slice(0, 99),
    message: lines.join('\n'),
  };
}
