import { describe, expect, it } from 'vitest';
import { watchReport } from '#core/report/watch-report.js';
import { type Measurement, measurementSchema } from '#core/watch/measurement.js';
import { watchRunSchema } from '#core/watch/watch-run.js';

const measurement = (
  customizationId: string,
  verdict: 'baseline' | 'worse' | 'steady',
  werDelta: number | null,
) =>
  measurementSchema.parse({
    instanceId: 'prod',
    customizationId,
    modelName: `model-${customizationId}`,
    baseModelName: 'en-US',
    watchRunId: 'w-2',
    measuredAt: '2026-12-01T00:00:00.000Z',
    reason: 'watch',
    testSet: 'calls',
    modelVersions: ['en-US.rel-a'],
    modelUpdated: null,
    parameters: { model: 'en-US' },
    wer: 0.2,
    substitutions: 1,
    deletions: 0,
    insertions: 0,
    referenceWords: 5,
    unit: 'word',
    utterances: 1,
    audioMinutes: 0.1,
    recognitionRequests: 1,
    warnings: [],
    transcripts: `_watch/prod/${customizationId}/w-2.jsonl`,
    ...(werDelta !== null && {
      comparison: {
        baselineMeasuredAt: '2026-11-24T00:00:00.000Z',
        baselineWer: 0.1,
        previousWer: 0.1,
        werDelta,
        verdict,
        firstMovedAt: null,
        wordsLost: [],
        wordsGained: [],
        notified: verdict === 'worse',
      },
    }),
  });

const watched = (m: Measurement) => ({
  measurement: m,
  series: {
    instanceId: 'prod',
    customizationId: m.customizationId,
    modelName: m.modelName,
    baseModelName: m.baseModelName,
    attempts: [],
    verifications: [],
    measurements: [{ at: m.measuredAt, wer: m.wer, version: 'en-US.rel-a' }],
  },
  ...(m.comparison?.verdict === 'worse' && { transcripts: { problem: 'transcripts expired' } }),
});

describe('the report of a watch run', () => {
  it('puts the models gone worse first, and gives the spread of the changes it compared', () => {
    const report = watchReport({
      run: watchRunSchema.parse({
        watchRunId: 'w-2',
        instanceId: 'prod',
        trigger: 'schedule',
        startedAt: '2026-12-01T00:00:00.000Z',
        outcome: 'done',
        models: 3,
        pages: 1,
        measured: 3,
        worse: 1,
        steady: 1,
        baselines: 1,
      }),
      models: [
        watched(measurement('a', 'steady', 0.001)),
        watched(measurement('b', 'baseline', null)),
        watched(measurement('c', 'worse', 0.1)),
      ],
      maxWerIncrease: 0.01,
      generatedAt: '2026-12-01T01:00:00.000Z',
    });
    expect(report.subtitle).toContain('3 model(s) measured, 1 worse, 0 better, 1 steady, 1 new baseline(s)');
    expect(report.upgrades.map((row) => row.customizationId)[0]).toBe('c');
    expect(report.werChanges.map((c) => c.customizationId).sort()).toEqual(['a', 'c']);
    expect(report.models.map((m) => m.customizationId)).toEqual(['c', 'a', 'b']);
    expect(report.regressions.map((r) => r.customizationId)).toEqual(['c']);
  });
});
