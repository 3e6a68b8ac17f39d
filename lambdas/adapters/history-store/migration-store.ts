import {
  type MigrationFleetItem,
  type MigrationFleetPlan,
  type MigrationFleetRun,
  type MigrationFleetSummary,
  type MigrationRecord,
  migrationFleetPageSchema,
  migrationFleetRunSchema,
  migrationRecordSchema,
} from '#core/migration/index.js';
import type { TableKey } from './keys.js';
import { readRecord } from './records.js';
import type { Table } from './table.js';

/**
 * Migrations in the history table: partition `MIGRATION#<instance>`, one item per source model
 * (sort key: its customization id), rewritten whole as the migration moves on. "Which model
 * replaces X, and is it better?" is one get; an instance's migrations are one query.
 */
const MIGRATION_PK_PREFIX = 'MIGRATION#';
/** A migration fleet run: its record (`RUN`) and its pages of sources (`PAGE#0001`, ...). */
const MIGRATION_FLEET_PK_PREFIX = 'MIGRATIONFLEET#';

const fleetKey = (fleetRunId: string, sk: string): TableKey => ({
  pk: `${MIGRATION_FLEET_PK_PREFIX}${fleetRunId}`,
  sk,
});
const pageSk = (page: number) => `PAGE#${String(page).padStart(4, '0')}`;

function key(instanceId: string, sourceId: string): TableKey {
  if (instanceId.includes('#') || instanceId.length === 0 || sourceId.length === 0)
    throw new Error(`History key parts must be non-empty and free of '#': '${instanceId}', '${sourceId}'`);
  return { pk: `${MIGRATION_PK_PREFIX}${instanceId}`, sk: sourceId };
}

export class MigrationHistory {
  constructor(private readonly table: Table) {}

  async get(instanceId: string, sourceId: string): Promise<MigrationRecord | undefined> {
    const item = await this.table.get(key(instanceId, sourceId));
    return item && readRecord(this.table.name, item, migrationRecordSchema, 'migration');
  }

  /** Writes the record whole; a retried write of the same record changes nothing. */
  async put(record: MigrationRecord): Promise<MigrationRecord> {
    const parsed = migrationRecordSchema.parse(record);
    await this.table.put(key(parsed.instanceId, parsed.sourceId), { ...parsed, type: 'migration' });
    return parsed;
  }

  /** The migrations of one instance, by source id. */
  async ofInstance(instanceId: string): Promise<MigrationRecord[]> {
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': key(instanceId, 'x').pk },
    });
    // The schema drops the item's `type`, as it drops the keys.
    return items.map((item) => readRecord(this.table.name, item, migrationRecordSchema, 'migration'));
  }

  /** A migration fleet run's record; read consistently, as every decision of the fleet reads it. */
  async fleetRun(fleetRunId: string): Promise<MigrationFleetRun | undefined> {
    const item = await this.table.get(fleetKey(fleetRunId, 'RUN'));
    return item && readRecord(this.table.name, item, migrationFleetRunSchema, 'migration fleet run');
  }

  /**
   * Writes the pages, then the run record: a planner that dies between the two is re-run by the
   * state machine's retry and writes the same pages again.
   */
  async recordFleetPlan(
    run: { fleetRunId: string; startedAt: string; plan: MigrationFleetPlan },
    pages: readonly MigrationFleetItem[][],
  ): Promise<MigrationFleetRun> {
    for (const [i, items] of pages.entries()) {
      const page = migrationFleetPageSchema.parse({ fleetRunId: run.fleetRunId, page: i + 1, items });
      await this.table.put(fleetKey(run.fleetRunId, pageSk(page.page)), { ...page, type: 'migration-page' });
    }
    const parsed = migrationFleetRunSchema.parse(run);
    await this.table.putIfAbsent(fleetKey(run.fleetRunId, 'RUN'), { ...parsed, type: 'migration-fleet' });
    return parsed;
  }

  async fleetPage(fleetRunId: string, page: number): Promise<MigrationFleetItem[]> {
    const item = await this.table.get(fleetKey(fleetRunId, pageSk(page)));
    if (!item)
      throw new Error(
        `History table '${this.table.name}': migration fleet ${fleetRunId} has no page ${page}`,
      );
    return readRecord(this.table.name, item, migrationFleetPageSchema, 'migration fleet page').items;
  }

  async finishFleetRun(
    run: MigrationFleetRun,
    summary: MigrationFleetSummary,
    finishedAt: string,
  ): Promise<MigrationFleetRun> {
    const finished = migrationFleetRunSchema.parse({ ...run, summary, finishedAt });
    await this.table.put(fleetKey(run.fleetRunId, 'RUN'), { ...finished, type: 'migration-fleet' });
    return finished;
  }
}
