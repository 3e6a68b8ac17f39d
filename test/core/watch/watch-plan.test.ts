import { describe, expect, it } from 'vitest';
import { instanceSettingsSchema } from '#core/settings/instance-settings.js';
import {
  type ComparisonResult,
  type Measurement,
  measurementFailure,
  measurementOutcome,
  notStarted,
  notWatchedReason,
  pageState,
  planWatchRun,
  WATCH_PAGE_SIZE,
  watchedModelIds,
  watchRunWantsReport,
} from '#core/watch/index.js';

const settings = (extra: Record<string, unknown>) => instanceSettingsSchema.parse(extra);
const plan = (modelIds: string[], cap?: number, spent = 0, expected = 0) =>
  planWatchRun({
    instanceId: 'prod',
    trigger: 'schedule',
    startedAt: '2026-12-03T06:00:00.123Z',
    executionName: 'weekly#1',
    monthlyMinutesCap: cap,
    modelIds,
    expectedMinutes: expected,
    minutesThisMonth: spent,
  });

describe('planning a watch run', () => {
  it.each([
    { config: {}, reason: 'no model of the instance has a test set' },
    {
      config: { testSets: { default: 'general' }, watch: { enabled: false } },
      reason: 'the watch is switched off',
    },
    { config: { testSets: { default: 'general' } }, reason: undefined },
  ])('does not run when $reason', ({ config, reason }) => {
    expect(notWatchedReason(settings(config))).toBe(reason);
  });

  it('measures every available language model with a test set, by model or base model', () => {
    const a = '0a000000-0000-4000-8000-00000000000a';
    const watched = settings({
      testSets: { byModel: { [a]: 'claims' }, byBaseModel: { 'en-US': 'general' } },
    });
    const models = [
      { customizationId: a, baseModelName: 'fr-CA_Telephony', status: 'available' as const },
      { customizationId: 'b', baseModelName: 'en-US', status: 'available' as const },
      { customizationId: 'c', baseModelName: 'en-US', status: 'training' as const },
      { customizationId: 'd', baseModelName: 'de-DE', status: 'available' as const },
    ];
    expect(watchedModelIds(watched, models)).toEqual([a, 'b']);
  });

  it('names the run by its start and execution, and pages the models', () => {
    const ids = Array.from({ length: WATCH_PAGE_SIZE + 1 }, (_, i) => `m${i}`);
    const planned = plan(ids);
    expect(planned.start).toBe(true);
    if (!planned.start) return;
    expect(planned.run).toMatchObject({
      watchRunId: 'w20261203T060000Z-weekly-1',
      outcome: 'running',
      models: WATCH_PAGE_SIZE + 1,
      pages: 2,
    });
    expect(planned.pages.map((p) => p.length)).toEqual([WATCH_PAGE_SIZE, 1]);
    expect(planned.state).toMatchObject({ stopped: false, nextPage: 1, hasNextPage: true });
    expect(pageState(planned.run, 1, planned.pages[0] ?? [])).toMatchObject({
      nextPage: 2,
      hasNextPage: true,
    });
    expect(pageState(planned.run, 2, planned.pages[1] ?? [])).toMatchObject({
      nextPage: 3,
      hasNextPage: false,
    });
  });

  it('records a run the monthly cap stops, and tells why', () => {
    const planned = plan(['a', 'b'], 10, 9, 2);
    expect(planned.start).toBe(false);
    if (planned.start) return;
    expect(planned.run).toMatchObject({ outcome: 'stopped', models: 2, endedAt: '2026-12-03T06:00:00.123Z' });
    expect(planned.state).toMatchObject({ stopped: true, hasNextPage: false });
    expect(planned.notice.message).toBe(
      'The accuracy watch of instance prod did not start: monthly cap reached: 9 of 10 IBM audio minutes spent in 2026-12, and this run would need about 2 more.',
    );
  });

  it('records a failed measurement with its cause cut to 500 characters', () => {
    const failure = measurementFailure(
      {
        watchRunId: 'w1',
        instanceId: 'prod',
        customizationId: 'a',
        failure: { Error: 'Transient', Cause: 'x'.repeat(900) },
      },
      '2026-12-03T06:00:00.000Z',
    );
    expect(failure).toMatchObject({ error: 'Transient', failedAt: '2026-12-03T06:00:00.000Z' });
    expect(failure.cause).toHaveLength(500);
    expect(
      measurementFailure({ watchRunId: 'w1', instanceId: 'prod', customizationId: 'a' }, 'now').error,
    ).toBe('Unknown');
  });
});

describe('after a measurement', () => {
  const result = (verdict: 'worse' | 'steady', notice = verdict === 'worse'): ComparisonResult => ({
    measurement: { audioMinutes: 5, comparison: { verdict } } as Measurement,
    newBaseline: false,
    alert: null,
    notice: notice
      ? { subject: 'STT accuracy watch: claims got worse', message: 'Recognition got worse.' }
      : undefined,
  });

  it("links the run's report from the notice, and prices the minutes", () => {
    const outcome = measurementOutcome(result('worse'), 0.02, {
      uri: 's3://sets/_upgrader/reports/watch-runs/prod/w1.html',
      consoleLink:
        'https://console.aws.amazon.com/s3/object/sets?prefix=_upgrader/reports/watch-runs/prod/w1.html',
    });
    expect(outcome.notice?.message).toBe(
      'Recognition got worse.\nReport of this watch run (written when the run ends): https://console.aws.amazon.com/s3/object/sets?prefix=_upgrader/reports/watch-runs/prod/w1.html',
    );
    expect(outcome.count).toEqual({ verdict: 'worse', audioMinutes: 5, priceUsd: 0.1 });
    expect(measurementOutcome(result('worse'), 0.02, { uri: '/data/w1.html' }).notice?.message).toContain(
      ': /data/w1.html',
    );
    expect(measurementOutcome(result('steady'), 0.02, { uri: '/data/w1.html' }).notice).toBeUndefined();
  });

  it.each([
    { outcome: 'done', measured: 3, wants: true },
    { outcome: 'done', measured: 0, wants: false },
    { outcome: 'stopped', measured: 0, wants: false },
  ] as const)(
    'a $outcome run with $measured measured gets a report: $wants',
    ({ outcome, measured, wants }) => {
      expect(watchRunWantsReport({ outcome, measured })).toBe(wants);
    },
  );
});

describe('notStarted', () => {
  it('is a stopped state with its reason, no models and no page to fetch', () => {
    expect(notStarted('w1', 'cloud', 'the watch is switched off')).toEqual({
      watchRunId: 'w1',
      instanceId: 'cloud',
      stopped: true,
      reason: 'the watch is switched off',
      models: [],
      nextPage: 1,
      hasNextPage: false,
    });
  });
});
