import { describe, expect, it } from 'vitest';
import { UpgradeMetric, verificationMetricPoints } from '#core/unit/upgrade-metrics.js';
import { newMeasurement } from '#core/watch/new-measurement.js';
import { watchMetricPoints } from '#core/watch/watch-metrics.js';
import { watchRunSchema } from '#core/watch/watch-run.js';

const run = (extra: Record<string, unknown>) =>
  watchRunSchema.parse({
    watchRunId: 'w-1',
    instanceId: 'prod',
    trigger: 'schedule',
    startedAt: '2026-11-24T10:00:00.000Z',
    models: 3,
    pages: 1,
    ...extra,
  });

describe('metrics', () => {
  it('counts a stopped watch run once, and nothing else of it', () => {
    expect(watchMetricPoints(run({ outcome: 'stopped', reason: 'monthly cap' }))).toEqual([
      { name: UpgradeMetric.watchStopped, unit: 'Count', value: 1 },
    ]);
  });

  it('gives a finished watch run’s counts, its minutes to three decimals', () => {
    const points = watchMetricPoints(
      run({ outcome: 'done', measured: 3, worse: 1, better: 0, failed: 1, audioMinutes: 1.23456 }),
    );
    expect(Object.fromEntries(points.map((p) => [p.name, p.value]))).toEqual({
      [UpgradeMetric.watchMeasured]: 3,
      [UpgradeMetric.watchWorse]: 1,
      [UpgradeMetric.watchBetter]: 0,
      [UpgradeMetric.watchFailed]: 1,
      [UpgradeMetric.watchMinutes]: 1.235,
    });
  });

  it('counts each verification by outcome, and a regression once more for the alarm', () => {
    const points = verificationMetricPoints([{ outcome: 'passed' }, { outcome: 'regressed' }]);
    expect(points).toEqual([
      {
        name: UpgradeMetric.verified,
        unit: 'Count',
        value: 1,
        dimension: { name: 'Outcome', value: 'passed' },
      },
      {
        name: UpgradeMetric.verified,
        unit: 'Count',
        value: 1,
        dimension: { name: 'Outcome', value: 'regressed' },
      },
      { name: UpgradeMetric.regressed, unit: 'Count', value: 1 },
    ]);
  });
});

describe('a new measurement', () => {
  it('scores the recognised test set, sums its audio and says which pinned parameters were not sent', () => {
    const measurement = newMeasurement({
      instanceId: 'prod',
      watchRunId: 'w-1',
      measuredAt: '2026-11-24T10:00:00.000Z',
      testSet: 'calls',
      model: {
        customizationId: 'lm-1',
        name: 'claims',
        baseModelName: 'en-US',
        versions: ['en-US.rel-a'],
        updated: '2026-11-01T00:00:00.000Z',
      },
      query: { parameters: { model: 'en-US', language_customization_id: 'lm-1' }, leftOut: ['acoustic'] },
      utterances: [
        { audio: '0.wav', reference: 'check my claim', transcript: 'check my clam', audioSeconds: 30 },
        { audio: '1.mp3', reference: 'thank you', transcript: 'thank you', audioSeconds: null },
      ],
      warnings: ['IBM warned', 'IBM warned'],
    });
    expect(measurement).toMatchObject({
      wer: 0.2,
      substitutions: 1,
      referenceWords: 5,
      utterances: 2,
      audioMinutes: 0.5,
      recognitionRequests: 2,
      modelVersions: ['en-US.rel-a'],
      modelUpdated: '2026-11-01T00:00:00.000Z',
      warnings: ["not sent: acoustic (the model's family does not support it)", 'IBM warned'],
      transcripts: '_watch/prod/lm-1/w-1.jsonl',
    });
  });
});
