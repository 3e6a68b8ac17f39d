import type { z } from 'zod';
import { describeIssues, parseOrThrow } from '#core/contract/parse.js';
import { CorruptHistoryItemError, MissingHistoryRecordError } from './errors.js';
import { KEY_ATTRIBUTES, type TableKey } from './keys.js';
import type { Item, Table } from './table.js';

/** Separates an item's storage keys from its record and parses the record with its schema. */
export function readRecord<T extends z.ZodType>(
  tableName: string,
  item: Item,
  schema: T,
  recordType: string,
): z.output<T> {
  const key: Item = { pk: item.pk, sk: item.sk };
  const record = Object.fromEntries(
    Object.entries(item).filter(([attribute]) => !KEY_ATTRIBUTES.includes(attribute)),
  );
  const parsed = schema.safeParse(record);
  if (!parsed.success)
    throw new CorruptHistoryItemError(tableName, key, recordType, describeIssues(parsed.error));
  return parsed.data;
}

/** Reads an item that must exist, such as the one a lost conditional write found in its place. */
export async function readExisting<S extends z.ZodType<object>>(
  table: Table,
  key: TableKey,
  schema: S,
  recordType: string,
): Promise<z.output<S>> {
  const item = await table.get(key);
  if (!item) throw new MissingHistoryRecordError(table.name, key, recordType);
  return readRecord(table.name, item, schema, recordType);
}

/** Validates and writes a record unless its key exists; returns what the table holds. */
export async function putOnce<S extends z.ZodType<object>>(
  table: Table,
  key: TableKey,
  schema: S,
  recordType: string,
  record: unknown,
  storageAttributes: Record<string, string> = {},
): Promise<z.output<S>> {
  const valid = parseOrThrow(schema, record, recordType);
  if (await table.putIfAbsent(key, { ...valid, ...storageAttributes })) return valid;
  return readExisting(table, key, schema, recordType);
}
