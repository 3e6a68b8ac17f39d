import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorruptHistoryItemError, HistoryStore, HistoryStoreError } from '#adapters/history-store/index.js';
import {
  type HistoryFixture,
  instanceId,
  languageModelId,
  newAttempt,
  startHistoryFixture,
} from './history-fixture.js';

let fixture: HistoryFixture;
beforeAll(async () => {
  fixture = await startHistoryFixture();
});
afterAll(() => fixture.stop());

describe('items that do not match their record', () => {
  it('names the key and the offending field of a corrupt attempt', async () => {
    const attempt = newAttempt('run-corrupt', languageModelId, '2026-04-01T08:00:00.000Z');
    await fixture.store.startAttempt(attempt);
    await fixture.raw.send(
      new PutCommand({
        TableName: fixture.tableName,
        Item: {
          ...(await fixture.store.modelHistory(instanceId, languageModelId))[0],
          pk: `MODEL#${instanceId}#${languageModelId}`,
          sk: 'ATTEMPT#2026-04-01T08:00:00.000Z#run-corrupt',
          polls: 'three',
        },
      }),
    );
    const read = fixture.store.modelHistory(instanceId, languageModelId);
    await expect(read).rejects.toThrow(CorruptHistoryItemError);
    await expect(read).rejects.toThrow(
      `History table '${fixture.tableName}': item pk='MODEL#${instanceId}#${languageModelId}' sk='ATTEMPT#2026-04-01T08:00:00.000Z#run-corrupt' is not a valid upgrade attempt: polls:`,
    );
  });

  it('reports a step event with the wrong detail type as corrupt', async () => {
    await fixture.raw.send(
      new PutCommand({
        TableName: fixture.tableName,
        Item: {
          pk: 'RUN#run-bad-step',
          sk: 'STEP#2026-04-01T08:00:00.000Z#x#check#1',
          type: 'step',
          runId: 'run-bad-step',
          customizationId: 'x',
          step: 'check',
          at: '2026-04-01T08:00:00.000Z',
          detail: { nested: { not: 'allowed' } },
        },
      }),
    );
    await expect(fixture.store.runHistory('run-bad-step')).rejects.toThrow(
      /is not a valid step event: detail\.nested:/,
    );
  });
});

describe('DynamoDB failures', () => {
  it('propagates with the table name and the key', async () => {
    const store = new HistoryStore({ tableName: 'NoSuchTable', endpoint: fixture.dynamo.endpoint });
    const write = store.recordStep(
      {
        runId: 'run-1',
        customizationId: languageModelId,
        step: 'check',
        at: '2026-04-01T08:00:00.000Z',
        detail: {},
      },
      'check',
    );
    await expect(write).rejects.toThrow(HistoryStoreError);
    await expect(write).rejects.toThrow(
      /History table 'NoSuchTable', put of pk='RUN#run-1' sk='STEP#.*#check' failed: ResourceNotFoundException/,
    );
  });
});
