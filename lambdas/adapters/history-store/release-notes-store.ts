import { parseOrThrow } from '#core/contract/parse.js';
import {
  type ReleaseEntry,
  type ReleaseSource,
  releaseEntrySchema,
  releaseSourceSchema,
} from '#core/history/history-records.js';
import type { ReleaseNotesHistory } from '#core/release/ports.js';
import { RELEASE_ENTRY_SK_PREFIX, releaseEntryKey, releasePk, releaseSourceKey } from './keys.js';
import { readExisting, readRecord } from './records.js';
import type { Table } from './table.js';

/** Release-notes entries and the watcher's last good check of each source, one partition per source. */
export class ReleaseNotesStore implements ReleaseNotesHistory {
  constructor(private readonly table: Table) {}

  /** Stores a release-notes entry the first time it is seen; `created` is false when it was known. */
  async putReleaseEntry(
    entry: Omit<ReleaseEntry, 'type'>,
  ): Promise<{ created: boolean; entry: ReleaseEntry }> {
    const key = releaseEntryKey(entry.source, entry.entryId);
    const record = parseOrThrow(releaseEntrySchema, { ...entry, type: 'release-entry' }, 'release entry');
    if (await this.table.putIfAbsent(key, record)) return { created: true, entry: record };
    return {
      created: false,
      entry: await readExisting(this.table, key, releaseEntrySchema, 'release entry'),
    };
  }

  async getReleaseEntry(source: string, entryId: string): Promise<ReleaseEntry | undefined> {
    const item = await this.table.get(releaseEntryKey(source, entryId));
    return item && readRecord(this.table.name, item, releaseEntrySchema, 'release entry');
  }

  /** Every entry stored for a source, in no particular order. */
  async releaseEntries(source: string): Promise<ReleaseEntry[]> {
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :entry)',
      ExpressionAttributeValues: { ':pk': releasePk(source), ':entry': RELEASE_ENTRY_SK_PREFIX },
      // The planner takes its targets from these, possibly just after the watcher stored one.
      ConsistentRead: true,
    });
    return items.map((item) => readRecord(this.table.name, item, releaseEntrySchema, 'release entry'));
  }

  /** What the watcher recorded at a source's last good check; undefined before the first. */
  async getReleaseSource(source: string): Promise<ReleaseSource | undefined> {
    const item = await this.table.get(releaseSourceKey(source));
    return item && readRecord(this.table.name, item, releaseSourceSchema, 'release source');
  }

  /** Records a good check of a source, replacing the previous one. */
  async recordReleaseSource(check: Omit<ReleaseSource, 'type'>): Promise<ReleaseSource> {
    const record = parseOrThrow(releaseSourceSchema, { ...check, type: 'release-source' }, 'release source');
    // No condition: the latest good check wins.
    await this.table.update(releaseSourceKey(record.source), {
      UpdateExpression: 'SET #type = :type, #source = :source, entryCount = :count, checkedAt = :at',
      ExpressionAttributeNames: { '#type': 'type', '#source': 'source' },
      ExpressionAttributeValues: {
        ':type': record.type,
        ':source': record.source,
        ':count': record.entryCount,
        ':at': record.checkedAt,
      },
    });
    return record;
  }
}
