import { describe, expect, it } from 'vitest';
import {
  compareMeasurement,
  decideOnCap,
  type MeasuredUtterance,
  type Measurement,
  priceOf,
  type WatchAlert,
  watchQuery,
} from '#core/watch/index.js';

const day = (n: number) => `2026-11-${String(n).padStart(2, '0')}T06:00:00.000Z`;
const measured = (n: number, wer: number, extra: Partial<Measurement> = {}): Measurement => ({
  instanceId: 'prod',
  customizationId: 'lm-1',
  modelName: 'claims',
  baseModelName: 'en-US',
  watchRunId: `w${n}`,
  measuredAt: day(n),
  reason: 'watch',
  testSet: 'claims',
  modelVersions: ['en-US.lsm-1'],
  modelUpdated: '2026-10-01T00:00:00.000Z',
  parameters: { model: 'en-US' },
  wer,
  substitutions: 0,
  deletions: 0,
  insertions: 0,
  referenceWords: 100,
  unit: 'word',
  utterances: 2,
  audioMinutes: 1,
  recognitionRequests: 2,
  warnings: [],
  transcripts: 'x.jsonl',
  ...extra,
});
const utterances = (said: string, heard: string): MeasuredUtterance[] => [
  { audio: 'a.wav', reference: said, transcript: heard, audioSeconds: 3 },
];

/** Runs the comparison the way the watch does over a series, keeping baseline and alert between runs. */
function watchSeries(series: Measurement[], gate = 0.01) {
  let baseline: Measurement | undefined;
  let alert: WatchAlert | undefined;
  const history: Measurement[] = [];
  const notices: string[] = [];
  const verdicts: string[] = [];
  for (const next of series) {
    const { comparison: _c, reason: _r, ...current } = next;
    const since = baseline ? history.filter((m) => m.measuredAt >= (baseline as Measurement).measuredAt) : [];
    const result = compareMeasurement({
      current,
      baseline,
      sinceBaseline: since,
      alert,
      maxWerIncrease: gate,
      baselineUtterances: utterances('check my claim', 'check my claim'),
      currentUtterances: utterances(
        'check my claim',
        (next.wer ?? 0) > 0.05 ? 'check my clam' : 'check my claim',
      ),
    });
    history.push(result.measurement);
    if (result.newBaseline) baseline = result.measurement;
    alert = result.alert ?? undefined;
    verdicts.push(result.measurement.comparison?.verdict ?? '');
    if (result.notice) notices.push(result.notice.message);
  }
  return { history, notices, verdicts };
}

describe('comparing a measurement with the baseline', () => {
  it('takes the first measurement as the baseline and reports nothing', () => {
    const { verdicts, notices } = watchSeries([measured(1, 0.04)]);
    expect(verdicts).toEqual(['baseline']);
    expect(notices).toEqual([]);
  });

  it('notifies once for a change past the gate, naming the model, both WERs, the words and the date it first moved', () => {
    const { verdicts, notices, history } = watchSeries([
      measured(1, 0.04),
      measured(8, 0.045),
      measured(15, 0.08),
      measured(22, 0.08),
    ]);
    expect(verdicts).toEqual(['baseline', 'steady', 'worse', 'worse']);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('claims (lm-1)');
    expect(notices[0]).toContain('WER 4.00%');
    expect(notices[0]).toContain('8.00%');
    expect(notices[0]).toContain('Words lost: claim (1)');
    expect(notices[0]).toContain('Words gained: none');
    // Already above the baseline on the 8th, inside the gate: that is when it first moved.
    expect(notices[0]).toContain('First moved: 2026-11-08');
    expect(history[3]?.comparison?.notified).toBe(false);
  });

  it('reports a change for the better too, and again after the model came back and moved once more', () => {
    const { verdicts, notices } = watchSeries([
      measured(1, 0.04),
      measured(8, 0.01),
      measured(15, 0.04),
      measured(22, 0.01),
    ]);
    expect(verdicts).toEqual(['baseline', 'better', 'steady', 'better']);
    expect(notices).toHaveLength(2);
    expect(notices[0]).toContain('got better');
  });

  it('starts a new baseline when the model itself changed (an upgrade adds a version), without an alarm', () => {
    const upgraded = { modelVersions: ['en-US.lsm-1', 'en-US.lsm-2'] };
    const { verdicts, notices, history } = watchSeries([
      measured(1, 0.04),
      measured(8, 0.09, upgraded),
      measured(15, 0.09, upgraded),
    ]);
    expect(verdicts).toEqual(['baseline', 'baseline', 'steady']);
    expect(history[1]?.reason).toBe('model-changed');
    expect(notices).toEqual([]);
  });

  it('takes a retrain (a later `updated`, no new version) as a change of the model too', () => {
    const { verdicts } = watchSeries([
      measured(1, 0.04),
      measured(8, 0.09, { modelUpdated: '2026-11-07T00:00:00.000Z' }),
    ]);
    expect(verdicts).toEqual(['baseline', 'baseline']);
  });

  it('compares with an accepted measurement instead of the first one', () => {
    const first = measured(1, 0.04);
    const accepted = { ...measured(15, 0.08), comparison: undefined };
    const { comparison: _c, reason: _r, ...current } = measured(22, 0.085);
    const result = compareMeasurement({
      current,
      baseline: accepted,
      sinceBaseline: [accepted],
      alert: {
        baselineMeasuredAt: first.measuredAt,
        direction: 'worse',
        firstMovedAt: day(8),
        notifiedAt: day(15),
      },
      maxWerIncrease: 0.01,
      baselineUtterances: [],
      currentUtterances: [],
    });
    expect(result.measurement.comparison).toMatchObject({ verdict: 'steady', baselineWer: 0.08 });
    expect(result.alert).toBeNull();
    expect(result.notice).toBeUndefined();
  });
});

describe('the monthly minutes cap', () => {
  it('stops a run before it starts when it would pass the cap, and says why', () => {
    const decision = decideOnCap({
      monthlyMinutesCap: 100,
      minutesThisMonth: 90,
      expectedMinutes: 20,
      month: '2026-12',
    });
    expect(decision).toEqual({
      start: false,
      reason:
        'monthly cap reached: 90 of 100 IBM audio minutes spent in 2026-12, and this run would need about 20 more',
    });
    expect(
      decideOnCap({ monthlyMinutesCap: 100, minutesThisMonth: 80, expectedMinutes: 20, month: '2026-12' }),
    ).toEqual({
      start: true,
    });
    expect(
      decideOnCap({
        monthlyMinutesCap: undefined,
        minutesThisMonth: 1e6,
        expectedMinutes: 1,
        month: '2026-12',
      }).start,
    ).toBe(true);
  });

  it('prices minutes at the configured rate', () => {
    expect(priceOf(5000, 0.02)).toBe(100);
  });
});

describe('the pinned recognition parameters', () => {
  it('sends every pinned parameter and leaves out what a large speech model refuses', () => {
    const query = watchQuery(
      { baseModelName: 'en-US', customizationId: 'lm-1' },
      {
        customizationWeight: 0.5,
        parameterSet: 'enhanced',
        smartFormattingVersion: 2,
        other: { end_of_phrase_silence_time: 0.8, character_insertion_bias: -0.2 },
      },
    );
    expect(query.parameters).toEqual({
      model: 'en-US',
      language_customization_id: 'lm-1',
      customization_weight: 0.5,
      parameter_set: 'enhanced',
      smart_formatting: true,
      smart_formatting_version: 2,
      end_of_phrase_silence_time: 0.8,
    });
    expect(query.leftOut).toEqual(['character_insertion_bias']);
    const nextGen = watchQuery(
      { baseModelName: 'en-US_Telephony', customizationId: 'lm-2' },
      { other: { character_insertion_bias: -0.2 } },
    );
    expect(nextGen.parameters.character_insertion_bias).toBe(-0.2);
  });
});
