import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MissingHistoryRecordError } from '#adapters/history-store/index.js';
import { InvalidInputError } from '#core/contract/errors.js';
import {
  acousticModelId,
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

const keyOf = (attempt: { runId: string; customizationId: string; startedAt: string }) => ({
  instanceId,
  customizationId: attempt.customizationId,
  startedAt: attempt.startedAt,
  runId: attempt.runId,
});

describe('upgrade attempts', () => {
  it('opens an attempt in progress with zeroed counters; a retried open returns the stored attempt', async () => {
    const attempt = newAttempt('run-a', languageModelId, '2026-04-01T08:00:00.000Z');
    const stored = await fixture.store.startAttempt({ ...attempt, targetVersion: 'v2026-03-01' });
    expect(stored).toMatchObject({
      type: 'upgrade-attempt',
      outcome: 'in-progress',
      steps: [],
      polls: 0,
      retries: 0,
      revision: 1,
      targetVersion: 'v2026-03-01',
    });
    await fixture.store.updateAttempt(keyOf(attempt), {}, { addPolls: 1 });

    const retried = await fixture.store.startAttempt({ ...attempt, statusBefore: 'ready' });
    expect(retried).toMatchObject({ statusBefore: 'available', polls: 1, revision: 2 });
  });

  it('adds counters and steps to what is stored and bumps the revision on every update', async () => {
    const attempt = newAttempt('run-b', languageModelId, '2026-04-02T08:00:00.000Z');
    await fixture.store.startAttempt(attempt);
    await fixture.store.updateAttempt(keyOf(attempt), {}, { appendStep: 'upgrade', addRetries: 2 });
    await fixture.store.updateAttempt(keyOf(attempt), {}, { addPolls: 3 });
    await fixture.store.updateAttempt(
      keyOf(attempt),
      {},
      { appendStep: 'upgrade-with-language-model', addPolls: 1 },
    );
    const updated = await fixture.store.updateAttempt(keyOf(attempt), {
      outcome: 'upgraded',
      versionAfter: 'en-US_Telephony.v2026-03-01',
      leftStatus: 'available',
      endedAt: '2026-04-02T08:40:00.000Z',
      durationSeconds: 2400,
      reason: undefined,
    });
    expect(updated).toMatchObject({
      outcome: 'upgraded',
      steps: ['upgrade', 'upgrade-with-language-model'],
      polls: 4,
      retries: 2,
      revision: 5,
      durationSeconds: 2400,
    });
    expect(updated).not.toHaveProperty('reason');
  });

  it('fails clearly when the attempt does not exist, and writes nothing', async () => {
    const key = keyOf(newAttempt('run-missing', languageModelId, '2026-04-03T08:00:00.000Z'));
    await expect(fixture.store.updateAttempt(key, { outcome: 'skipped' })).rejects.toThrow(
      MissingHistoryRecordError,
    );
    await expect(fixture.store.updateAttempt(key, { outcome: 'skipped' })).rejects.toThrow(
      /no upgrade attempt at pk='MODEL#inst-1#11111111-1111-4111-8111-111111111111' sk='ATTEMPT#2026-04-03T08:00:00.000Z#run-missing'/,
    );
    expect(await fixture.store.modelHistory(instanceId, languageModelId)).not.toContainEqual(
      expect.objectContaining({ runId: 'run-missing' }),
    );
  });

  it('rejects a change the record schema would not read back', async () => {
    const attempt = newAttempt('run-bad-change', acousticModelId, '2026-04-03T09:00:00.000Z');
    await fixture.store.startAttempt(attempt);
    await expect(fixture.store.updateAttempt(keyOf(attempt), { outcome: 'failed' })).rejects.toThrow(
      /endedAt/,
    );
    // @ts-expect-error an outcome outside the schema, as a caller with a stale type might send
    await expect(fixture.store.updateAttempt(keyOf(attempt), { outcome: 'done' })).rejects.toThrow(
      InvalidInputError,
    );
  });

  it('files a failed attempt under its UTC day in the failure index and removes it when the outcome changes', async () => {
    const attempt = newAttempt('run-c', acousticModelId, '2026-04-04T23:00:00.000Z');
    await fixture.store.startAttempt(attempt);
    await fixture.store.updateAttempt(keyOf(attempt), {
      outcome: 'failed',
      error: 'UpgradeFailed',
      reason: 'IBM reports the upgrade failed',
      endedAt: '2026-04-05T01:30:00+02:00',
    });
    const { Item } = await fixture.raw.send(
      new GetCommand({
        TableName: fixture.tableName,
        Key: { pk: `MODEL#${instanceId}#${acousticModelId}`, sk: 'ATTEMPT#2026-04-04T23:00:00.000Z#run-c' },
      }),
    );
    expect(Item).toMatchObject({
      gsi2pk: 'FAILED#2026-04-04',
      gsi2sk: `2026-04-04T23:30:00.000Z#${instanceId}#${acousticModelId}`,
    });

    const failures = await fixture.store.failuresSince(
      '2026-04-04T00:00:00.000Z',
      '2026-04-05T23:59:59.999Z',
    );
    expect(failures.map((failure) => failure.runId)).toEqual(['run-c']);
    expect(failures[0]).toMatchObject({ error: 'UpgradeFailed', reason: 'IBM reports the upgrade failed' });

    await fixture.store.updateAttempt(keyOf(attempt), {
      outcome: 'upgraded',
      endedAt: '2026-04-05T02:00:00.000Z',
    });
    expect(await fixture.store.failuresSince('2026-04-04T00:00:00.000Z', '2026-04-05T23:59:59.999Z')).toEqual(
      [],
    );
  });

  it('finds failures across days within the window only, oldest first, ends included', async () => {
    const fail = async (runId: string, startedAt: string, endedAt: string) => {
      const attempt = newAttempt(runId, languageModelId, startedAt);
      await fixture.store.startAttempt(attempt);
      await fixture.store.updateAttempt(keyOf(attempt), {
        outcome: 'failed',
        error: 'UpgradeTimeout',
        endedAt,
      });
    };
    await fail('run-d1', '2026-05-01T10:00:00.000Z', '2026-05-01T11:00:00.000Z');
    await fail('run-d2', '2026-05-02T10:00:00.000Z', '2026-05-03T12:00:00.000Z');
    await fail('run-d3', '2026-05-05T10:00:00.000Z', '2026-05-05T10:30:00.000Z');

    const window = await fixture.store.failuresSince('2026-05-01T11:00:00.000Z', '2026-05-03T12:00:00.000Z');
    expect(window.map((failure) => failure.runId)).toEqual(['run-d1', 'run-d2']);
    const later = await fixture.store.failuresSince('2026-05-01T11:00:00.001Z', '2026-05-07T00:00:00.000Z');
    expect(later.map((failure) => failure.runId)).toEqual(['run-d2', 'run-d3']);
  });

  it("lists a model's attempts newest first, limited on request", async () => {
    const model = '33333333-3333-4333-8333-333333333333';
    for (const [runId, startedAt] of [
      ['run-h1', '2026-06-01T00:00:00.000Z'],
      ['run-h3', '2026-06-03T00:00:00.000Z'],
      ['run-h2', '2026-06-02T00:00:00.000Z'],
    ] as const) {
      await fixture.store.startAttempt(newAttempt(runId, model, startedAt));
    }
    const all = await fixture.store.modelHistory(instanceId, model);
    expect(all.map((attempt) => attempt.runId)).toEqual(['run-h3', 'run-h2', 'run-h1']);
    const latest = await fixture.store.modelHistory(instanceId, model, { limit: 2 });
    expect(latest.map((attempt) => attempt.runId)).toEqual(['run-h3', 'run-h2']);
  });

  it('gives the durations of the latest upgraded attempts only, newest first', async () => {
    const model = '44444444-4444-4444-8444-444444444444';
    const outcomes = [
      ['upgraded', 600],
      ['failed', 50],
      ['upgraded', 700],
      ['skipped', 0],
      ['upgraded', 800],
      ['upgraded', 900],
    ] as const;
    for (const [index, [outcome, durationSeconds]] of outcomes.entries()) {
      const attempt = newAttempt(`run-p${index}`, model, `2026-07-0${index + 1}T00:00:00.000Z`);
      await fixture.store.startAttempt(attempt);
      await fixture.store.updateAttempt(keyOf(attempt), {
        outcome,
        durationSeconds,
        endedAt: `2026-07-0${index + 1}T01:00:00.000Z`,
      });
    }
    expect(await fixture.store.pastStepDurations(instanceId, model, 'upgrade')).toEqual([900, 800, 700, 600]);
    expect(await fixture.store.pastStepDurations(instanceId, model, 'upgrade', 2)).toEqual([900, 800]);
  });
});
