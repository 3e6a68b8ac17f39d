import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TableIndex } from '#core/contract/workflow-contract.js';
import { createTablesFromTemplate, type LocalDynamo, startLocalDynamo } from '#local/dynamodb/index.js';
import { synthesizeHistoryTable } from '#test/adapters/history-store/history-fixture.js';

let dynamo: LocalDynamo;
let tableName: string;
const clients: DynamoDBClient[] = [];

/** A document client; `maxAttempts: 1` shows the front's answers as they are, without the SDK's retries. */
function documentClient(maxAttempts?: number) {
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    ...(maxAttempts ? { maxAttempts } : {}),
  });
  clients.push(client);
  return DynamoDBDocumentClient.from(client);
}

beforeAll(async () => {
  const { template, logicalId } = await synthesizeHistoryTable();
  dynamo = await startLocalDynamo({ faults: {} });
  tableName = (await createTablesFromTemplate(template, dynamo.endpoint))[logicalId] ?? logicalId;
});
afterEach(() => {
  dynamo.faults?.configure({});
  vi.useRealTimers();
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await dynamo.stop();
});

const read = (pk: string) =>
  documentClient().send(new GetCommand({ TableName: tableName, Key: { pk, sk: 'X' }, ConsistentRead: true }));

describe('the DynamoDB fault front', () => {
  it('throttles a request without applying it', async () => {
    dynamo.faults?.configure({ throttleRate: 1 });
    const put = documentClient(1).send(
      new PutCommand({ TableName: tableName, Item: { pk: 'throttled', sk: 'X' } }),
    );
    await expect(put).rejects.toMatchObject({
      name: expect.stringMatching(/^(ProvisionedThroughputExceededException|ThrottlingException)$/),
    });
    dynamo.faults?.configure({});
    expect((await read('throttled')).Item).toBeUndefined();
  });

  it('answers 500 InternalServerError without applying the request', async () => {
    dynamo.faults?.configure({ serverErrorRate: 1 });
    const put = documentClient(1).send(
      new PutCommand({ TableName: tableName, Item: { pk: 'failed', sk: 'X' } }),
    );
    await expect(put).rejects.toMatchObject({
      name: 'InternalServerError',
      $metadata: { httpStatusCode: 500 },
    });
    dynamo.faults?.configure({});
    expect((await read('failed')).Item).toBeUndefined();
  });

  it.each(['reset', 'server-error'] as const)(
    'applies a write and then loses its answer (%s)',
    async (kind) => {
      dynamo.faults?.loseAnswers((request) => request.operation === 'PutItem', { kind });
      const put = documentClient(1).send(
        new PutCommand({ TableName: tableName, Item: { pk: `lost-${kind}`, sk: 'X' } }),
      );
      await expect(put).rejects.toThrow();
      expect((await read(`lost-${kind}`)).Item).toEqual({ pk: `lost-${kind}`, sk: 'X' });
    },
  );

  it('makes the SDK send a conditional write again, which then meets its own first attempt', async () => {
    dynamo.faults?.loseAnswers((request) => request.operation === 'PutItem');
    const put = documentClient().send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: 'retried', sk: 'X' },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await expect(put).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(dynamo.faults?.stats().lostAnswers.reset).toBeGreaterThanOrEqual(1);
  });

  it('shows a written item in a global secondary index only after the lag', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    dynamo.faults?.configure({ indexLagMs: 5_000 });
    const client = documentClient();
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: 'indexed', sk: 'X', gsi1pk: 'RUN#lagging', gsi1sk: 'A' },
      }),
    );
    const query = () =>
      client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: TableIndex.ByRun,
          KeyConditionExpression: 'gsi1pk = :run',
          ExpressionAttributeValues: { ':run': 'RUN#lagging' },
        }),
      );
    expect(await query()).toMatchObject({ Items: [], Count: 0 });
    expect((await read('indexed')).Item).toBeDefined();
    vi.setSystemTime(Date.now() + 5_001);
    expect((await query()).Items?.map((item) => item.pk)).toEqual(['indexed']);
  });

  it('throttles and fails at the rates it is given, replayed by its seed', async () => {
    const outcomes = async () => {
      dynamo.faults?.configure({ seed: 42, throttleRate: 0.2, serverErrorRate: 0.1 });
      const before = dynamo.faults?.stats();
      const client = documentClient(1);
      const results: string[] = [];
      for (let i = 0; i < 200; i++) {
        try {
          await client.send(new GetCommand({ TableName: tableName, Key: { pk: 'none', sk: 'X' } }));
          results.push('ok');
        } catch (error) {
          results.push((error as Error).name);
        }
      }
      const after = dynamo.faults?.stats();
      return { results, throttled: (after?.throttled ?? 0) - (before?.throttled ?? 0) };
    };
    const first = await outcomes();
    expect(first.throttled).toBeGreaterThan(20);
    expect(first.throttled).toBeLessThan(60);
    expect(first.results.filter((name) => name === 'InternalServerError').length).toBeGreaterThan(5);
    expect((await outcomes()).results).toEqual(first.results);
  });

  it('names a bad fault setting', () => {
    expect(() => dynamo.faults?.configure({ throttleRate: 2 })).toThrow(/throttleRate: /);
    expect(() => dynamo.faults?.configure({ lagMs: 1 })).toThrow(/lagMs/);
  });
});
