import type { z } from 'zod';
import { describeIssues } from '#core/contract/parse.js';
import { CorruptHistoryItemError } from './errors.js';
import { KEY_ATTRIBUTES } from './keys.js';
import type { Item } from './table.js';

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
