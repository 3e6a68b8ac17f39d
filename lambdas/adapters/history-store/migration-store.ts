import { type MigrationRecord, migrationRecordSchema } from '#core/migration/index.js';
import type { TableKey } from './keys.js';
import { readRecord } from './records.js';
import type { Table } from './table.js';

/**
 * Migrations in the history table: partition `MIGRATION#<instance>`, one item per source model
 * (sort key: its customization id), rewritten whole as the migration moves on. "Which model
 * replaces X, and is it better?" is one get; an instance's migrations are one query.
 */
const MIGRATION_PK_PREFIX = 'MIGRATION#';

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
}
