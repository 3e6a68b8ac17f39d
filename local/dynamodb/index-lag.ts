import type { DynamoRequest } from './dynamo-faults.js';

type AttributeMap = Record<string, unknown>;

const isMap = (value: unknown): value is AttributeMap => typeof value === 'object' && value !== null;

/**
 * Remembers when each item was last written, so that a query or scan of a global secondary index
 * can leave out items written too recently, as DynamoDB's asynchronously updated indexes do. Key
 * schemas are learnt from the CreateTable and DescribeTable calls that pass through the front.
 */
export class IndexLag {
  private readonly keySchemas = new Map<string, readonly string[]>();
  private readonly writtenAt = new Map<string, number>();
  private sweptAt = 0;
  hidden = 0;
  /** Milliseconds an item stays out of indexes after its write; 0 records nothing. */
  lagMs = 0;

  /** Notes a table's key schema or a write, from a request and dynalite's answer to it. */
  observe(request: DynamoRequest, status: number, answer: Buffer): void {
    const { operation, body } = request;
    if (operation === 'CreateTable') this.learnSchema(body);
    if (status !== 200) return;
    if (operation === 'DescribeTable') this.learnSchema(parse(answer).Table);
    const table = String(body.TableName ?? '');
    if (operation === 'PutItem') this.written(table, body.Item);
    if (operation === 'UpdateItem' || operation === 'DeleteItem') this.written(table, body.Key);
    if (operation === 'BatchWriteItem' && isMap(body.RequestItems)) {
      for (const [name, writes] of Object.entries(body.RequestItems)) {
        for (const write of Array.isArray(writes) ? writes : []) {
          this.written(name, write?.PutRequest?.Item ?? write?.DeleteRequest?.Key);
        }
      }
    }
  }

  /** The answer to an index query or scan without the items written within `lagMs`; undefined: unchanged. */
  hide(request: DynamoRequest, answer: Buffer): Buffer | undefined {
    const { operation, body } = request;
    if (this.lagMs === 0 || (operation !== 'Query' && operation !== 'Scan') || !body.IndexName)
      return undefined;
    const parsed = parse(answer);
    if (!Array.isArray(parsed.Items)) return undefined;
    const table = String(body.TableName ?? '');
    const since = Date.now() - this.lagMs;
    const visible = parsed.Items.filter((item: unknown) => {
      const key = this.keyOf(table, item);
      return key === undefined || (this.writtenAt.get(key) ?? 0) <= since;
    });
    if (visible.length === parsed.Items.length) return undefined;
    this.hidden += parsed.Items.length - visible.length;
    return Buffer.from(JSON.stringify({ ...parsed, Items: visible, Count: visible.length }));
  }

  private learnSchema(table: unknown): void {
    if (!isMap(table) || !Array.isArray(table.KeySchema)) return;
    const names = table.KeySchema.map((element: unknown) =>
      String(isMap(element) ? element.AttributeName : ''),
    );
    this.keySchemas.set(String(table.TableName), names);
  }

  private written(table: string, item: unknown): void {
    if (this.lagMs === 0) return;
    const key = this.keyOf(table, item);
    if (key === undefined) return;
    const now = Date.now();
    this.sweep(now - this.lagMs);
    this.writtenAt.set(key, now);
  }

  private keyOf(table: string, item: unknown): string | undefined {
    const names = this.keySchemas.get(table);
    if (!names || !isMap(item)) return undefined;
    return JSON.stringify([table, ...names.map((name) => item[name])]);
  }

  /** Forgets writes older than the lag, at most once a second, so the map stays small. */
  private sweep(since: number): void {
    if (since - this.sweptAt < 1000) return;
    this.sweptAt = since;
    for (const [key, at] of this.writtenAt) if (at <= since) this.writtenAt.delete(key);
  }
}

function parse(answer: Buffer): Record<string, unknown> & { Items?: unknown; Table?: unknown } {
  try {
    const value: unknown = JSON.parse(answer.toString('utf8'));
    return isMap(value) ? value : {};
  } catch {
    return {};
  }
}
