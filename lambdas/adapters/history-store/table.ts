import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  paginateScan,
  type QueryCommandInput,
  type ScanCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { HistoryStoreError, isConditionFailure } from './errors.js';
import { type TableKey, WRITE_ID_ATTRIBUTE as WRITE_ID } from './keys.js';

export type Item = Record<string, unknown>;

/** A conditional write either happened or lost its condition; both are normal outcomes. */
export type ConditionalResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/**
 * Single-item operations on the history table (the emulator has no transactions). Failures other
 * than a lost condition surface as {@link HistoryStoreError} naming the table and the key.
 *
 * DynamoDB may apply a write and lose its answer (a 500 or a dropped connection); the SDK then sends
 * it again. So every conditional put and every update stores a fresh write id on its item, and an
 * update applies only where the item does not carry its own id yet: a write sent again meets its own
 * first attempt, fails its condition, reads the item, finds its id, and counts as done, once.
 */
export class Table {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly name: string,
  ) {}

  /** Writes `item` unless an item with its key exists; true when this call wrote it. */
  async putIfAbsent(key: TableKey, item: Item): Promise<boolean> {
    const writeId = randomUUID();
    const result = await this.conditional('put', key, () =>
      this.client.send(
        new PutCommand({
          TableName: this.name,
          Item: { ...item, ...key, [WRITE_ID]: writeId },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return result.ok || (await this.writtenBy(key, writeId)) !== undefined;
  }

  /** Writes `item` whether or not its key exists (for records rewritten whole by a retry). */
  async put(key: TableKey, item: Item): Promise<void> {
    await this.call('put', key, () =>
      this.client.send(new PutCommand({ TableName: this.name, Item: { ...item, ...key } })),
    );
  }

  async get(key: TableKey): Promise<Item | undefined> {
    const output = await this.call('get', key, () =>
      this.client.send(new GetCommand({ TableName: this.name, Key: key, ConsistentRead: true })),
    );
    return output.Item;
  }

  /**
   * Runs a conditional update once, however often the SDK sends it, and returns the item as written.
   * Counters (ADD, `x = x + :n`) add once too, as long as no other writer changes the item between
   * this write and the SDK sending it again; items many write at once count by ids in a set instead.
   */
  async update(
    key: TableKey,
    update: Omit<UpdateCommandInput, 'TableName' | 'Key' | 'ReturnValues'>,
  ): Promise<ConditionalResult<Item>> {
    const writeId = randomUUID();
    const once = '(attribute_not_exists(#writeId) OR #writeId <> :writeId)';
    const result = await this.conditional('update', key, () =>
      this.client.send(
        new UpdateCommand({
          ...update,
          UpdateExpression: withWriteId(update.UpdateExpression ?? ''),
          ConditionExpression: update.ConditionExpression
            ? `(${update.ConditionExpression}) AND ${once}`
            : once,
          ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#writeId': WRITE_ID },
          ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':writeId': writeId },
          TableName: this.name,
          Key: key,
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    if (result.ok) return { ok: true, value: result.value.Attributes ?? {} };
    const mine = await this.writtenBy(key, writeId);
    return mine ? { ok: true, value: mine } : result;
  }

  /**
   * Deletes the item if the condition holds; true when it is gone. A delete whose answer was lost
   * and that the SDK sent again finds nothing and fails its condition: the item is gone either way.
   */
  async deleteIf(
    key: TableKey,
    condition: Pick<UpdateCommandInput, 'ConditionExpression' | 'ExpressionAttributeValues'>,
  ): Promise<boolean> {
    const result = await this.conditional('delete', key, () =>
      this.client.send(new DeleteCommand({ ...condition, TableName: this.name, Key: key })),
    );
    return result.ok || (await this.get(key)) === undefined;
  }

  /** Every page of a query, or pages until `enough` says stop. */
  async query(
    input: Omit<QueryCommandInput, 'TableName'>,
    enough: (items: readonly Item[]) => boolean = () => false,
  ): Promise<Item[]> {
    const where = {
      ...(input.IndexName ? { index: input.IndexName } : {}),
      ...input.ExpressionAttributeValues,
    };
    return this.call('query', where, async () => {
      const items: Item[] = [];
      for await (const page of paginateQuery({ client: this.client }, { ...input, TableName: this.name })) {
        items.push(...(page.Items ?? []));
        if (enough(items)) break;
      }
      return items;
    });
  }

  async scan(input: Omit<ScanCommandInput, 'TableName'>): Promise<Item[]> {
    return this.call('scan', { filter: input.FilterExpression ?? 'none' }, async () => {
      const items: Item[] = [];
      for await (const page of paginateScan({ client: this.client }, { ...input, TableName: this.name })) {
        items.push(...(page.Items ?? []));
      }
      return items;
    });
  }

  /** The item, if the write carrying `writeId` is the last that changed it. */
  private async writtenBy(key: TableKey, writeId: string): Promise<Item | undefined> {
    const item = await this.get(key);
    return item?.[WRITE_ID] === writeId ? item : undefined;
  }

  private async conditional<T>(
    operation: string,
    key: TableKey,
    send: () => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false }> {
    try {
      return { ok: true, value: await send() };
    } catch (error) {
      if (isConditionFailure(error)) return { ok: false };
      throw new HistoryStoreError(this.name, operation, { ...key }, error);
    }
  }

  private async call<T>(
    operation: string,
    where: Record<string, unknown>,
    send: () => Promise<T>,
  ): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw new HistoryStoreError(this.name, operation, where, error);
    }
  }
}

/** Adds the write id to an update expression's SET clause, or gives it one. */
function withWriteId(expression: string): string {
  const assignment = '#writeId = :writeId';
  return /(^|\s)SET\s/.test(expression)
    ? expression.replace(/(^|\s)SET\s/, `$1SET ${assignment}, `)
    : `SET ${assignment} ${expression}`.trim();
}
