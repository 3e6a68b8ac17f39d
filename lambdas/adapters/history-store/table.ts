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
import type { TableKey } from './keys.js';

export type Item = Record<string, unknown>;

/** A conditional write either happened or lost its condition; both are normal outcomes. */
export type ConditionalResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/**
 * Single-item operations on the history table (the emulator has no transactions). Failures other
 * than a lost condition surface as {@link HistoryStoreError} naming the table and the key.
 */
export class Table {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly name: string,
  ) {}

  /** Writes `item` unless an item with its key exists. */
  async putIfAbsent(key: TableKey, item: Item): Promise<boolean> {
    const result = await this.conditional('put', key, () =>
      this.client.send(
        new PutCommand({
          TableName: this.name,
          Item: { ...item, ...key },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return result.ok;
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

  /** Runs a conditional update and returns the item as written. */
  async update(
    key: TableKey,
    update: Omit<UpdateCommandInput, 'TableName' | 'Key' | 'ReturnValues'>,
  ): Promise<ConditionalResult<Item>> {
    const result = await this.conditional('update', key, () =>
      this.client.send(
        new UpdateCommand({ ...update, TableName: this.name, Key: key, ReturnValues: 'ALL_NEW' }),
      ),
    );
    return result.ok ? { ok: true, value: result.value.Attributes ?? {} } : result;
  }

  async deleteIf(
    key: TableKey,
    condition: Pick<UpdateCommandInput, 'ConditionExpression' | 'ExpressionAttributeValues'>,
  ) {
    const result = await this.conditional('delete', key, () =>
      this.client.send(new DeleteCommand({ ...condition, TableName: this.name, Key: key })),
    );
    return result.ok;
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
