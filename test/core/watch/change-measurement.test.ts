import { describe, expect, it } from 'vitest';
import { instanceSettingsSchema } from '#core/settings/instance-settings.js';
import { newModelUtterances, repeatsVerification } from '#core/watch/change-measurement.js';
import {
  changeMeasurement,
  changeOfStep,
  compareMeasurement,
  incomparable,
  type MeasuredUtterance,
  type Measurement,
  migrationMeasures,
  newVersionUtterances,
  type PinnedRecognition,
  sentParameters,
  verificationMeasures,
  type WatchAlert,
} from '#core/watch/index.js';

const day = (n: number) => `2026-11-${String(n).padStart(2, '0')}T06:00:00.000Z`;
const OLD = 'fr-CA_Multimedia.v2022-01-18';
const NEW = 'fr-CA_Multimedia.v2026-11-24';
const model = (versions: string[]) => ({
  customizationId: 'lm-1',
  name: 'claims',
  baseModelName: 'fr-CA_Multimedia',
  versions,
  updated: '2026-10-01T00:00:00.000Z',
});
const heard = (claim: string, letter = 'letter'): MeasuredUtterance[] => [
  { audio: '0.wav', reference: 'check my claim', transcript: `check my ${claim}`, audioSeconds: 30 },
  { audio: '1.wav', reference: 'on the letter', transcript: `on the ${letter}`, audioSeconds: 30 },
];
const noPins: PinnedRecognition = { other: {} };

/** A watch run's measurement, not yet compared, as the measure phase builds it. */
const watched = (n: number, versions: string[], utterances: MeasuredUtterance[], parameters = {}) => {
  const wrong = utterances.filter((u) => u.transcript !== u.reference).length;
  return {
    instanceId: 'prod',
    customizationId: 'lm-1',
    modelName: 'claims',
    baseModelName: 'fr-CA_Multimedia',
    watchRunId: `w202611${String(n).padStart(2, '0')}T060000Z-watch-${n}`,
    measuredAt: day(n),
    testSet: 'claims',
    modelVersions: versions,
    modelUpdated: '2026-10-01T00:00:00.000Z',
    parameters: { model: 'fr-CA_Multimedia', language_customization_id: 'lm-1', ...parameters },
    wer: wrong / 6,
    substitutions: wrong,
    deletions: 0,
    insertions: 0,
    referenceWords: 6,
    unit: 'word' as const,
    utterances: utterances.length,
    audioMinutes: 1,
    recognitionRequests: utterances.length,
    warnings: [],
    transcripts: `_watch/prod/lm-1/w${n}.jsonl`,
  };
};

const upgradeOf = (n: number, utterances: MeasuredUtterance[], pinned = noPins, previous?: Measurement) =>
  changeMeasurement({
    change: 'upgrade',
    runId: 'unit-run-1',
    instanceId: 'prod',
    measuredAt: day(n),
    testSet: 'claims',
    model: model([OLD, NEW]),
    parameters: sentParameters({ model: 'fr-CA_Multimedia', languageCustomizationId: 'lm-1' }, NEW),
    utterances,
    warnings: [],
    previous,
    pinned,
  });

/** The watch as the measure phase runs it over a model's history, from a stored baseline and alert. */
function watchAfter(history: Measurement[], baselineId: string, next: ReturnType<typeof watched>) {
  const baseline = history.find((m) => m.watchRunId === baselineId);
  const byId = new Map(history.map((m) => [m.watchRunId, m]));
  return (
    alert: WatchAlert | undefined,
    baselineUtterances: MeasuredUtterance[],
    current: MeasuredUtterance[],
  ) =>
    compareMeasurement({
      current: next,
      baseline,
      sinceBaseline: [...byId.values()].filter((m) => m.watchRunId >= baselineId),
      alert,
      maxWerIncrease: 0.01,
      baselineUtterances,
      currentUtterances: current,
    });
}

describe('an upgrade resets the comparison', () => {
  it("records the upgrade's measurement as the new baseline: dated, with its run, its WER and S, D, I", () => {
    const first = compareMeasurement({
      current: watched(1, [OLD], heard('claim')),
      baseline: undefined,
      sinceBaseline: [],
      alert: undefined,
      maxWerIncrease: 0.01,
      baselineUtterances: [],
      currentUtterances: [],
    }).measurement;
    const { measurement, utterances } = upgradeOf(8, heard('clam'), noPins, first);
    expect(measurement).toMatchObject({
      reason: 'upgrade',
      runId: 'unit-run-1',
      measuredAt: day(8),
      modelVersions: [OLD, NEW],
      wer: 1 / 6,
      substitutions: 1,
      deletions: 0,
      insertions: 0,
      audioMinutes: 1,
      parameters: { model: 'fr-CA_Multimedia', language_customization_id: 'lm-1', base_model_version: NEW },
      comparison: { verdict: 'baseline', baselineWer: 1 / 6, previousWer: 0, notified: false },
      warnings: [],
    });
    expect(measurement.transcripts).toBe(`_watch/prod/lm-1/${measurement.watchRunId}.jsonl`);
    expect(utterances.map((u) => u.transcript)).toEqual(['check my clam', 'on the letter']);
    // Stored under an id that sorts between the watch runs before and after it.
    expect(measurement.watchRunId > first.watchRunId).toBe(true);
    expect(measurement.watchRunId < watched(15, [], []).watchRunId).toBe(true);
  });

  it('compares the next watch run with the upgrade, without an alarm, and alarms once on a later change', () => {
    const upgrade = upgradeOf(8, heard('clam')).measurement;
    const steady = watchAfter([upgrade], upgrade.watchRunId, watched(15, [OLD, NEW], heard('clam')))(
      undefined,
      heard('clam'),
      heard('clam'),
    );
    expect(steady.measurement).toMatchObject({
      reason: 'watch',
      comparison: { verdict: 'steady', baselineMeasuredAt: day(8), notified: false },
    });
    expect(steady.newBaseline).toBe(false);
    expect(steady.notice).toBeUndefined();

    const history = [upgrade, steady.measurement];
    const worse = watchAfter(history, upgrade.watchRunId, watched(22, [OLD, NEW], heard('clam', 'ladder')))(
      undefined,
      heard('clam'),
      heard('clam', 'ladder'),
    );
    expect(worse.measurement.comparison).toMatchObject({
      verdict: 'worse',
      notified: true,
      wordsLost: [{ word: 'letter', count: 1 }],
    });
    expect(worse.notice?.message).toContain('at its baseline of 2026-11-08');
    const again = watchAfter(
      [...history, worse.measurement],
      upgrade.watchRunId,
      watched(29, [OLD, NEW], heard('clam', 'ladder')),
    )(worse.alert ?? undefined, heard('clam'), heard('clam', 'ladder'));
    expect(again.measurement.comparison).toMatchObject({ verdict: 'worse', notified: false });
    expect(again.notice).toBeUndefined();
  });

  it.each([
    { pinned: noPins, note: undefined },
    { pinned: { customizationWeight: 0.3, other: {} }, note: 'customization_weight' },
    { pinned: { parameterSet: 'enhanced', other: {} }, note: 'parameter_set' },
    { pinned: { smartFormattingVersion: 2, other: {} }, note: 'smart_formatting, smart_formatting_version' },
  ])('says when the watch pins other parameters than the verification sent ($note)', ({ pinned, note }) => {
    const { warnings } = upgradeOf(8, heard('claim'), pinned).measurement;
    expect(warnings).toEqual(
      note ? [`the watch pins other parameters (${note}): its next run starts its own baseline`] : [],
    );
  });

  it('starts the watch on its own baseline when it pins other parameters than the upgrade was measured with', () => {
    const upgrade = upgradeOf(8, heard('clam'), { parameterSet: 'enhanced', other: {} }).measurement;
    const next = watchAfter(
      [upgrade],
      upgrade.watchRunId,
      watched(15, [OLD, NEW], heard('clam', 'ladder'), { parameter_set: 'enhanced' }),
    )(undefined, heard('clam'), heard('clam', 'ladder'));
    expect(next.measurement).toMatchObject({
      reason: 'parameters-changed',
      comparison: { verdict: 'baseline' },
    });
    expect(next.newBaseline).toBe(true);
    expect(next.notice).toBeUndefined();
  });
});

describe('what can be compared', () => {
  const base = {
    testSet: 'claims',
    utterances: 2,
    parameters: { model: 'en-US', customization_weight: 0.3 },
  };
  it.each([
    { change: {}, expected: undefined },
    {
      change: { parameters: { ...base.parameters, base_model_version: 'en-US.lsm-1' } },
      expected: undefined,
    },
    { change: { parameters: { model: 'en-US' } }, expected: 'parameters-changed' },
    {
      change: { parameters: { ...base.parameters, parameter_set: 'enhanced' } },
      expected: 'parameters-changed',
    },
    { change: { utterances: 3 }, expected: 'test-set-changed' },
    { change: { testSet: 'general' }, expected: 'test-set-changed' },
  ])('$change -> $expected', ({ change, expected }) => {
    expect(incomparable(base, { ...base, ...change })).toBe(expected);
  });

  it('takes an operator changing a pinned parameter as a new baseline, not as IBM changing recognition', () => {
    const first = { ...watched(1, [OLD], heard('claim')), reason: 'watch' as const };
    const result = compareMeasurement({
      current: watched(8, [OLD], heard('clam'), { customization_weight: 0.9 }),
      baseline: first,
      sinceBaseline: [first],
      alert: undefined,
      maxWerIncrease: 0.01,
      baselineUtterances: heard('claim'),
      currentUtterances: heard('clam'),
    });
    expect(result.measurement.reason).toBe('parameters-changed');
    expect(result.notice).toBeUndefined();
  });
});

describe('which verifications make a measurement', () => {
  it.each([
    { kind: 'language', outcome: 'passed', watched: true, measures: true },
    { kind: 'language', outcome: 'regressed', watched: true, measures: true },
    { kind: 'language', outcome: 'invalid', watched: true, measures: false },
    { kind: 'language', outcome: 'unverified', watched: true, measures: false },
    { kind: 'acoustic', outcome: 'passed', watched: true, measures: false },
    { kind: 'language', outcome: 'passed', watched: false, measures: false },
  ] as const)('$kind $outcome, watched: $watched -> $measures', ({ kind, outcome, watched, measures }) => {
    expect(verificationMeasures({ kind, outcome }, watched)).toBe(measures);
  });

  it.each([
    { step: 'upgrade', change: 'upgrade' },
    { step: 'upgrade-with-language-model', change: 'upgrade' },
    { step: 'retrain', change: 'retrain' },
    { step: null, change: 'upgrade' },
  ] as const)('an upgrade step $step is recorded as $change', ({ step, change }) => {
    expect(changeOfStep(step)).toBe(change);
  });

  const NEW_LSM = '0e000000-0000-4000-8000-00000000000e';
  it.each([
    { verdict: 'better', sets: { byBaseModel: { 'en-US': 'claims' } }, measures: true },
    { verdict: 'worse', sets: { byModel: { [NEW_LSM]: 'claims' } }, measures: true },
    { verdict: 'invalid', sets: { byBaseModel: { 'en-US': 'claims' } }, measures: false },
    { verdict: 'equal', sets: { byBaseModel: { 'en-US_Telephony': 'claims' } }, measures: false },
    { verdict: 'equal', sets: { default: 'claims' }, watch: { enabled: false }, measures: false },
  ] as const)('a $verdict migration onto a model the watch maps by $sets measures: $measures', (row) => {
    const settings = instanceSettingsSchema.parse({
      testSets: row.sets,
      ...('watch' in row && { watch: row.watch }),
    });
    expect(migrationMeasures({ verdict: row.verdict, settings, newModelId: NEW_LSM, target: 'en-US' })).toBe(
      row.measures,
    );
  });

  it("keeps the new version's transcripts by audio file, as the watch matches them", () => {
    const recognised = [
      { index: 2, reference: 'thank you', new: { transcript: 'thank you' }, audioSeconds: 2 },
      { index: 0, reference: 'check my claim', new: { transcript: 'check my clam' }, audioSeconds: null },
    ];
    expect(
      newVersionUtterances(recognised, [{ audio: 'a.wav' }, { audio: 'b.wav' }, { audio: 'c.wav' }]),
    ).toEqual([
      { audio: 'c.wav', reference: 'thank you', transcript: 'thank you', audioSeconds: 2 },
      { audio: 'a.wav', reference: 'check my claim', transcript: 'check my clam', audioSeconds: null },
    ]);
  });

  it("names the comparison's parameters as IBM does", () => {
    expect(
      sentParameters(
        {
          model: 'en-US_BroadbandModel',
          acousticCustomizationId: 'am',
          languageCustomizationId: 'lm',
          customizationWeight: 0.2,
        },
        'en-US_BroadbandModel.v2020-01-16',
      ),
    ).toEqual({
      model: 'en-US_BroadbandModel',
      language_customization_id: 'lm',
      acoustic_customization_id: 'am',
      customization_weight: 0.2,
      base_model_version: 'en-US_BroadbandModel.v2020-01-16',
    });
  });
});

describe('newModelUtterances', () => {
  it("keeps the new model's transcript under each utterance's audio file, in the order heard", () => {
    const heard = [
      { reference: 'thank you', target: { transcript: 'thank you' }, audioSeconds: 1.5 },
      { reference: 'my claim', target: { transcript: 'my clam' }, audioSeconds: null },
    ];
    expect(newModelUtterances(heard, [{ audio: 'a.wav' }, { audio: 'b.wav' }])).toEqual([
      { audio: 'a.wav', reference: 'thank you', transcript: 'thank you', audioSeconds: 1.5 },
      { audio: 'b.wav', reference: 'my claim', transcript: 'my clam', audioSeconds: null },
    ]);
  });

  it('names an utterance the manifest no longer has by its position', () => {
    const heard = [{ reference: 'hi', target: { transcript: 'hi' }, audioSeconds: 1 }];
    expect(newModelUtterances(heard, [])[0]?.audio).toBe('#0');
  });
});

describe('repeatsVerification', () => {
  it.each([
    { reason: 'upgrade', repeats: true },
    { reason: 'retrain', repeats: true },
    { reason: 'migration', repeats: false },
    { reason: 'watch', repeats: false },
    { reason: 'model-changed', repeats: false },
  ] as const)('a $reason measurement repeats a verification: $repeats', ({ reason, repeats }) => {
    expect(repeatsVerification({ reason })).toBe(repeats);
  });
});
