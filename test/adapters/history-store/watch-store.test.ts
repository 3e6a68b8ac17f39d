import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Measurement, WatchRun } from '#core/watch/index.js';
import { type HistoryFixture, instanceId, languageModelId, startHistoryFixture } from './history-fixture.js';

let fixture: HistoryFixture;
beforeAll(async () => {
  fixture = await startHistoryFixture();
});
afterAll(() => fixture.stop());

const run = (watchRunId: string): WatchRun => ({
  watchRunId,
  instanceId,
  trigger: 'schedule',
  startedAt: '2026-12-01T06:00:00.000Z',
  outcome: 'running',
  models: 1,
  pages: 1,
  measured: 0,
  failed: 0,
  baselines: 0,
  steady: 0,
  worse: 0,
  better: 0,
  audioMinutes: 0,
  priceUsd: 0,
});

const measurement = (watchRunId: string, wer: number): Measurement => ({
  instanceId,
  customizationId: languageModelId,
  modelName: 'claims',
  baseModelName: 'en-US',
  watchRunId,
  measuredAt: '2026-12-01T06:01:00.000Z',
  reason: 'watch',
  testSet: 'claims',
  modelVersions: ['en-US.lsm-1'],
  modelUpdated: null,
  parameters: { model: 'en-US', language_customization_id: languageModelId },
  wer,
  substitutions: 1,
  deletions: 0,
  insertions: 0,
  referenceWords: 20,
  unit: 'word',
  utterances: 3,
  audioMinutes: 0.5,
  recognitionRequests: 3,
  warnings: [],
  transcripts: `_watch/${instanceId}/${languageModelId}/${watchRunId}.jsonl`,
});

describe('the accuracy watch in the history table', () => {
  it('keeps runs with their pages, counts measurements atomically and the minutes of the month', async () => {
    await fixture.store.watch.startRun(run('w20261201T060000Z-a'), [[languageModelId]]);
    expect(await fixture.store.watch.page(instanceId, 'w20261201T060000Z-a', 1)).toEqual([languageModelId]);
    const count = { verdict: 'worse', audioMinutes: 0.5, priceUsd: 0.01 } as const;
    await fixture.store.watch.count(instanceId, 'w20261201T060000Z-a', '2026-12', count);
    await fixture.store.watch.count(instanceId, 'w20261201T060000Z-a', '2026-12', {
      ...count,
      verdict: 'failed',
    });
    expect(await fixture.store.watch.requireRun(instanceId, 'w20261201T060000Z-a')).toMatchObject({
      measured: 1,
      failed: 1,
      worse: 1,
      audioMinutes: 1,
    });
    expect(await fixture.store.watch.minutesOfMonth(instanceId, '2026-12')).toBe(1);
    expect(await fixture.store.watch.minutesOfMonth(instanceId, '2026-11')).toBe(0);
  });

  it('stores a measurement once per model and run, and lists them oldest first from a baseline', async () => {
    expect(await fixture.store.watch.record(measurement('w20261101T060000Z-a', 0.05))).toBe(true);
    expect(await fixture.store.watch.record(measurement('w20261101T060000Z-a', 0.07))).toBe(false);
    await fixture.store.watch.record(measurement('w20261108T060000Z-b', 0.06));
    await fixture.store.watch.record(measurement('w20261115T060000Z-c', 0.08));
    const all = await fixture.store.watch.measurements(instanceId, languageModelId);
    expect(all.map((m) => m.wer)).toEqual([0.05, 0.06, 0.08]);
    const since = await fixture.store.watch.measurements(instanceId, languageModelId, 'w20261108T060000Z-b');
    expect(since.map((m) => m.watchRunId)).toEqual(['w20261108T060000Z-b', 'w20261115T060000Z-c']);
    expect((await fixture.store.watch.latest(instanceId, languageModelId))?.wer).toBe(0.08);
  });

  it('moves the baseline and clears the alert in one step', async () => {
    const alert = {
      baselineMeasuredAt: '2026-11-01T06:01:00.000Z',
      direction: 'worse',
      firstMovedAt: '2026-11-15T06:01:00.000Z',
      notifiedAt: '2026-11-15T06:01:00.000Z',
    } as const;
    await fixture.store.watch.setAlert(instanceId, languageModelId, alert);
    expect(await fixture.store.watch.alert(instanceId, languageModelId)).toEqual(alert);
    await fixture.store.watch.setBaseline(
      instanceId,
      languageModelId,
      'w20261115T060000Z-c',
      '2026-11-16T00:00:00Z',
    );
    expect(await fixture.store.watch.baseline(instanceId, languageModelId)).toBe('w20261115T060000Z-c');
    expect(await fixture.store.watch.alert(instanceId, languageModelId)).toBeUndefined();
  });
});
