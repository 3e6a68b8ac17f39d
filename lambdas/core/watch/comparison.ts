import type { Notice } from '../contract/notifier.js';
import { compareVersions, type LostWord } from '../scoring/index.js';
import type { MeasuredUtterance, Measurement } from './measurement.js';

/** A change past the gate that operators were told about, kept until the model is back inside it. */
export interface WatchAlert {
  readonly baselineMeasuredAt: string;
  readonly direction: 'worse' | 'better';
  readonly firstMovedAt: string;
  readonly notifiedAt: string;
}

export interface ComparisonInput {
  /** The new measurement, not yet compared. */
  readonly current: Omit<Measurement, 'comparison' | 'reason'>;
  readonly baseline: Measurement | undefined;
  /** The model's measurements since its baseline (the baseline included), oldest first. */
  readonly sinceBaseline: readonly Measurement[];
  readonly alert: WatchAlert | undefined;
  readonly maxWerIncrease: number;
  /** Per-utterance transcripts of the baseline and of the current measurement, for the words lost and gained. */
  readonly baselineUtterances: readonly MeasuredUtterance[];
  readonly currentUtterances: readonly MeasuredUtterance[];
}

export interface ComparisonResult {
  readonly measurement: Measurement;
  /** This measurement is the model's baseline from now on. */
  readonly newBaseline: boolean;
  /** The alert to keep: unchanged, new, or null to clear it. */
  readonly alert: WatchAlert | null;
  readonly notice: Notice | undefined;
}

/**
 * Compares a measurement with the model's baseline and its previous measurement. The first
 * measurement is the baseline; so is the first after the model itself changed (new versions or a
 * later `updated`: an upgrade, a retrain, new words), so that the change an upgrade made is not
 * reported as IBM's. A WER past the gate either way is reported once per baseline and direction.
 */
export function compareMeasurement(input: ComparisonInput): ComparisonResult {
  const { current, baseline, alert } = input;
  const previous = input.sinceBaseline.at(-1);
  const changed = previous !== undefined && modelChanged(previous, current);
  if (baseline === undefined || changed) {
    return {
      measurement: {
        ...current,
        reason: changed ? 'model-changed' : 'watch',
        comparison: {
          baselineMeasuredAt: current.measuredAt,
          baselineWer: current.wer,
          previousWer: previous?.wer ?? null,
          werDelta: null,
          verdict: 'baseline',
          firstMovedAt: null,
          wordsLost: [],
          wordsGained: [],
          notified: false,
        },
      },
      newBaseline: true,
      alert: null,
      notice: undefined,
    };
  }
  const werDelta = current.wer === null || baseline.wer === null ? null : current.wer - baseline.wer;
  const verdict = verdictOf(werDelta, input.maxWerIncrease);
  const words = wordsChanged(input.baselineUtterances, input.currentUtterances, current.baseModelName);
  const firstMovedAt = verdict === 'steady' ? null : firstMoved(input.sinceBaseline, current, baseline);
  const alreadyTold =
    alert !== undefined && alert.baselineMeasuredAt === baseline.measuredAt && alert.direction === verdict;
  const notify = verdict !== 'steady' && !alreadyTold;
  const measurement: Measurement = {
    ...current,
    reason: 'watch',
    comparison: {
      baselineMeasuredAt: baseline.measuredAt,
      baselineWer: baseline.wer,
      previousWer: previous?.wer ?? null,
      werDelta,
      verdict,
      firstMovedAt,
      wordsLost: words.lost,
      wordsGained: words.gained,
      notified: notify,
    },
  };
  let nextAlert: WatchAlert | null = null;
  if (verdict !== 'steady') {
    nextAlert =
      alreadyTold && alert
        ? alert
        : {
            baselineMeasuredAt: baseline.measuredAt,
            direction: verdict,
            firstMovedAt: firstMovedAt ?? current.measuredAt,
            notifiedAt: current.measuredAt,
          };
  }
  return {
    measurement,
    newBaseline: false,
    alert: nextAlert,
    notice: notify ? noticeOf(measurement, baseline) : undefined,
  };
}

function verdictOf(delta: number | null, gate: number): 'steady' | 'worse' | 'better' {
  if (delta === null) return 'steady';
  if (delta > gate) return 'worse';
  if (delta < -gate) return 'better';
  return 'steady';
}

/** An upgrade adds a version, a retrain or new data moves `updated`: the model is not the one measured before. */
export function modelChanged(
  previous: Pick<Measurement, 'modelVersions' | 'modelUpdated'>,
  current: Pick<Measurement, 'modelVersions' | 'modelUpdated'>,
): boolean {
  const before = new Set(previous.modelVersions);
  const sameVersions =
    before.size === new Set(current.modelVersions).size && current.modelVersions.every((v) => before.has(v));
  return !sameVersions || previous.modelUpdated !== current.modelUpdated;
}

/**
 * The first measurement since the baseline from which the WER stayed on the side it is on now: the
 * date recognition first moved, which may be before the run that crossed the gate.
 */
function firstMoved(
  since: readonly Measurement[],
  current: Pick<Measurement, 'wer' | 'measuredAt'>,
  baseline: Measurement,
): string | null {
  if (current.wer === null || baseline.wer === null) return null;
  const side = Math.sign(current.wer - baseline.wer);
  let first = current.measuredAt;
  for (const m of [...since].reverse()) {
    if (m.measuredAt === baseline.measuredAt || m.wer === null) break;
    if (Math.sign(m.wer - baseline.wer) !== side) break;
    first = m.measuredAt;
  }
  return first;
}

/** Words the baseline recognised that the current measurement missed, and the reverse, matched by audio file. */
export function wordsChanged(
  baseline: readonly MeasuredUtterance[],
  current: readonly MeasuredUtterance[],
  language: string,
): { readonly lost: LostWord[]; readonly gained: LostWord[] } {
  const before = new Map(baseline.map((u) => [u.audio, u]));
  const pairs = current.flatMap((u) => {
    const old = before.get(u.audio);
    return old && old.reference === u.reference
      ? [{ reference: u.reference, oldHypothesis: old.transcript, newHypothesis: u.transcript }]
      : [];
  });
  const forward = compareVersions(pairs, language);
  const backward = compareVersions(
    pairs.map((p) => ({
      reference: p.reference,
      oldHypothesis: p.newHypothesis,
      newHypothesis: p.oldHypothesis,
    })),
    language,
  );
  return { lost: [...forward.wordsLost], gained: [...backward.wordsLost] };
}

const percent = (wer: number | null) => (wer === null ? 'n/a' : `${(wer * 100).toFixed(2)}%`);
const wordList = (words: readonly LostWord[]) =>
  words.length === 0
    ? 'none'
    : words
        .slice(0, 10)
        .map((w) => `${w.word} (${w.count})`)
        .join(', ');

function noticeOf(measurement: Measurement, baseline: Measurement): Notice {
  const c = measurement.comparison;
  const direction = c?.verdict === 'better' ? 'better' : 'worse';
  const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : 'n/a');
  return {
    subject: `STT accuracy watch: ${measurement.modelName} got ${direction}`.slice(0, 100),
    message: [
      `Recognition got ${direction} for model ${measurement.modelName} (${measurement.customizationId}) on instance ${measurement.instanceId}, base model ${measurement.baseModelName}:`,
      `WER ${percent(baseline.wer)} at its baseline of ${day(baseline.measuredAt)} -> ${percent(measurement.wer)} on ${day(measurement.measuredAt)} (previous measurement ${percent(c?.previousWer ?? null)}), test set ${measurement.testSet}.`,
      `Words lost: ${wordList(c?.wordsLost ?? [])}. Words gained: ${wordList(c?.wordsGained ?? [])}.`,
      `First moved: ${day(c?.firstMovedAt)}. The model itself did not change (same versions, same last update): the service's recognition did.`,
      `If the new accuracy is expected, make it the baseline: npx stt-upgrader watch accept --model ${measurement.customizationId}`,
    ].join('\n'),
  };
}
