import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '#adapters/history-store/index.js';
import { createTablesFromTemplate, startLocalDynamo } from '#local/dynamodb/index.js';
import { synthesizeHistoryTable } from '#test/adapters/history-store/history-fixture.js';

let synthesized: { template: unknown; logicalId: string };
let dataDir: string;
beforeAll(async () => {
  synthesized = await synthesizeHistoryTable();
  dataDir = await mkdtemp(path.join(tmpdir(), 'local-dynamo-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const run = {
  runId: 'run-persisted',
  instanceId: 'inst-1',
  trigger: { type: 'schedule', id: '2026-04-01' },
  dryRun: false,
  startedAt: '2026-04-01T00:00:00.000Z',
  modelIds: [],
} as const;

describe('local DynamoDB', () => {
  it('creates the history table with the keys and indexes of the template', async () => {
    const dynamo = await startLocalDynamo();
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    try {
      const tables = await createTablesFromTemplate(synthesized.template, dynamo.endpoint);
      expect(tables).toEqual({ [synthesized.logicalId]: synthesized.logicalId });
      const { Table } = await client.send(new DescribeTableCommand({ TableName: synthesized.logicalId }));
      expect(Table?.KeySchema).toEqual([
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ]);
      expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(
        Table?.GlobalSecondaryIndexes?.map((index) => [
          index.IndexName,
          index.Projection?.ProjectionType,
        ]).sort(),
      ).toEqual([
        ['byFailureDay', 'ALL'],
        ['byRun', 'ALL'],
      ]);
    } finally {
      client.destroy();
      await dynamo.stop();
    }
  });

  it('keeps data in its folder across a restart, and leaves an existing table alone', async () => {
    const first = await startLocalDynamo({ path: dataDir });
    const tables = await createTablesFromTemplate(synthesized.template, first.endpoint);
    const tableName = tables[synthesized.logicalId] ?? '';
    await new HistoryStore({ tableName, endpoint: first.endpoint }).startRun(run);
    await first.stop();

    const second = await startLocalDynamo({ path: dataDir });
    try {
      expect(await createTablesFromTemplate(synthesized.template, second.endpoint)).toEqual(tables);
      const { run: stored } = await new HistoryStore({ tableName, endpoint: second.endpoint }).runHistory(
        run.runId,
      );
      expect(stored).toMatchObject({ runId: run.runId, outcome: 'running' });
    } finally {
      await second.stop();
    }
  });

  it("uses a table's own name when the template sets one, and ignores other resources", async () => {
    const dynamo = await startLocalDynamo();
    try {
      const template = {
        Resources: {
          Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
          Named: {
            Type: 'AWS::DynamoDB::Table',
            Properties: {
              TableName: 'named-table',
              KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
              AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
              ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
            },
          },
        },
      };
      expect(await createTablesFromTemplate(template, dynamo.endpoint)).toEqual({ Named: 'named-table' });
    } finally {
      await dynamo.stop();
    }
  });

  it('names the table and the field of a template it cannot read', async () => {
    const template = {
      Resources: {
        Broken: {
          Type: 'AWS::DynamoDB::Table',
          Properties: {
            TableName: { 'Fn::Join': ['-', ['a', 'b']] },
            KeySchema: [],
            AttributeDefinitions: [],
          },
        },
      },
    };
    await expect(createTablesFromTemplate(template, 'http://127.0.0.1:1')).rejects.toThrow(
      /Table Broken in the template: TableName: .*; KeySchema: /,
    );
    await expect(createTablesFromTemplate({ Resources: 'none' }, 'http://127.0.0.1:1')).rejects.toThrow(
      /Not a CloudFormation template: Resources:/,
    );
  });
});
