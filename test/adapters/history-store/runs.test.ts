import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MissingHistoryRecordError } from '#adapters/history-store/index.js';
import {
  type HistoryFixture,
  instanceId,
  languageModelId,
  startHistoryFixture,
  trigger,
} from './history-fixture.js';

let fixture: HistoryFixture;
beforeAll(async () => {
  fixture = await startHistoryFixture();
});
afterAll(() => fixture.stop());

const newRun = (runId: string, startedAt: string) => ({
  runId,
  instanceId,
  trigger,
  dryRun: false,
  startedAt,
  modelIds: [languageModelId],
});

describe('unit runs', () => {
  it('starts a run as running, and a retried start returns the stored run instead of failing', async () => {
    const first = await fixture.store.startRun(newRun('run-start', '2026-03-01T10:00:00.000Z'));
    expect(first).toMatchObject({ type: 'unit-run', outcome: 'running', modelIds: [languageModelId] });

    const retried = await fixture.store.startRun(newRun('run-start', '2026-03-01T10:00:05.000Z'));
    expect(retried.startedAt).toBe('2026-03-01T10:00:00.000Z');
  });

  it('finishes a running run once; a second finish leaves the first outcome in place', async () => {
    await fixture.store.startRun(newRun('run-finish', '2026-03-01T11:00:00.000Z'));
    const finished = await fixture.store.finishRun('run-finish', {
      outcome: 'failed',
      endedAt: '2026-03-01T11:30:00.000Z',
      error: 'UpgradeFailed',
      cause: 'model failed',
    });
    expect(finished).toMatchObject({ finished: true, run: { outcome: 'failed', error: 'UpgradeFailed' } });

    const again = await fixture.store.finishRun('run-finish', {
      outcome: 'succeeded',
      endedAt: '2026-03-01T12:00:00.000Z',
    });
    expect(again.finished).toBe(false);
    expect(again.run).toMatchObject({ outcome: 'failed', endedAt: '2026-03-01T11:30:00.000Z' });
  });

  it('refuses to finish a run that was never started', async () => {
    await expect(
      fixture.store.finishRun('run-unknown', { outcome: 'succeeded', endedAt: '2026-03-01T12:00:00.000Z' }),
    ).rejects.toThrow(MissingHistoryRecordError);
  });

  it('records a rejected run as ended, idempotently, and a rejected run cannot be finished', async () => {
    const rejection = {
      runId: 'run-rejected',
      instanceId: 'unknown',
      rejectedAt: '2026-03-01T09:00:00.000Z',
      error: 'InvalidInput',
      cause: 'instanceId: must be 1-64 letters',
    };
    const run = await fixture.store.recordRejectedRun(rejection);
    expect(run).toMatchObject({
      outcome: 'rejected',
      endedAt: rejection.rejectedAt,
      modelIds: [],
      dryRun: false,
    });
    expect(run.trigger).toBeUndefined();
    await expect(fixture.store.recordRejectedRun(rejection)).resolves.toEqual(run);

    const finish = await fixture.store.finishRun('run-rejected', {
      outcome: 'succeeded',
      endedAt: rejection.rejectedAt,
    });
    expect(finish).toMatchObject({ finished: false, run: { outcome: 'rejected' } });
  });

  it('lists runs with when each was written by the real clock, whatever time the run itself says', async () => {
    const before = new Date().toISOString();
    await fixture.store.startRun(newRun('run-latest', '2099-03-02T00:00:00.000Z'));
    const listed = (await fixture.store.listRuns()).find(
      (l) => l.kind === 'unit' && l.run.runId === 'run-latest',
    );
    expect(listed?.run.startedAt).toBe('2099-03-02T00:00:00.000Z');
    const recordedAt = listed?.recordedAt ?? '';
    expect(recordedAt >= before && recordedAt <= new Date().toISOString()).toBe(true);
    // The stamp belongs to the storage, not to the record.
    expect((await fixture.store.runHistory('run-latest')).run).not.toHaveProperty('recordedAt');
  });
});
