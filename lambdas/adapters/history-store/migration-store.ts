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
import type { MigrationRecords } from '#core/migration/ports.js';
import { migrationFleetPageKey, migrationFleetRunKey, migrationKey, migrationPk } from './keys.js';
import { readRecord } from './records.js';
import type { Table } from './table.js';

/**
 * Migrations in the history table: one partition per instance, one item per source model
 * (layout in `keys.ts`), rewritten whole as the migration moves on. "Which model replaces X, and is
 * it better?" is one get; an instance's migrations are one query.
 */
export class MigrationStore implements MigrationRecords {
  constructor(private readonly table: Table) {}

  async get(instanceId: string, sourceId: string): Promise<MigrationRecord | undefined> {
    const item = await this.table.get(migrationKey(instanceId, sourceId));
    return item && readRecord(this.table.name, item, migrationRecordSchema, 'migration');
  }

  /** Writes the record whole; a retried write of the same record changes nothing. */
  async put(record: MigrationRecord): Promise<MigrationRecord> {
    const parsed = migrationRecordSchema.parse(record);
    await this.table.put(migrationKey(parsed.instanceId, parsed.sourceId), { ...parsed, type: 'migration' });
    return parsed;
  }

  /** The migrations of one instance, by source id. */
  async ofInstance(instanceId: string): Promise<MigrationRecord[]> {
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': migrationPk(instanceId) },
    });
    // The schema drops the item's `type`, as it drops the keys.
    return items.map((item) => readRecord(this.table.name, item, migrationRecordSchema, 'migration'));
  }

  /** A migration fleet run's record; read consistently, as every decision of the fleet reads it. */
  async fleetRun(fleetRunId: string): Promise<MigrationFleetRun | undefined> {
    const item = await this.table.get(migrationFleetRunKey(fleetRunId));
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
      await this.table.put(migrationFleetPageKey(run.fleetRunId, page.page), {
        ...page,
        type: 'migration-page',
      });
    }
    const parsed = migrationFleetRunSchema.parse(run);
    await this.table.putIfAbsent(migrationFleetRunKey(run.fleetRunId), {
      ...parsed,
      type: 'migration-fleet',
    });
    return parsed;
  }

  async fleetPage(fleetRunId: string, page: number): Promise<MigrationFleetItem[]> {
    const item = await this.table.get(migrationFleetPageKey(fleetRunId, page));
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
    await this.table.put(migrationFleetRunKey(run.fleetRunId), { ...finished, type: 'migration-fleet' });
    return finished;
  }
}
