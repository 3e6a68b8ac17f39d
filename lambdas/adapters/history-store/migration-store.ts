import { type MigrationRecord, migrationRecordSchema } from '#core/migration/index.js';
import type { MigrationRecords } from '#core/migration/ports.js';
import { migrationKey, migrationPk } from './keys.js';
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
}
