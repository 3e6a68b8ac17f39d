import {
  alignUtterance,
  errorRates,
  type LostWord,
  noWordsToScore,
  scoringUnitFor,
  type WerFigures,
  werFigures,
  wordsLost,
} from '../scoring/index.js';

/** Better, equal or worse than the source on the team's own audio; invalid when the comparison says nothing. */
export type MigrationVerdict = 'better' | 'equal' | 'worse' | 'invalid';

/** One test-set utterance as the source model and the new LSM model heard it. */
export interface MigrationUtterance {
  readonly reference: string;
  readonly source: { readonly transcript: string; readonly warnings: readonly string[] };
  readonly target: { readonly transcript: string; readonly warnings: readonly string[] };
  readonly audioSeconds: number | null;
}

/** One side of a migration's comparison: its WER and the edits behind it. */
export type MigrationScore = WerFigures;

export interface MigrationComparison {
  readonly verdict: MigrationVerdict;
  readonly reason?: string;
  /** The absolute WER change within which the two count as equal. */
  readonly gate: number;
  readonly source: MigrationScore;
  readonly target: MigrationScore;
  /** Target WER minus source WER: negative is better. */
  readonly werDelta: number | null;
  /** Words the source recognised and the new model missed. */
  readonly wordsLost: readonly LostWord[];
  /** Words the new model recognised and the source missed. */
  readonly wordsGained: readonly LostWord[];
  readonly utterances: number;
  readonly audioMinutes: number;
  readonly recognitionRequests: number;
  readonly warnings: readonly string[];
}

/** IBM ran recognition without the customization: the comparison says nothing about the custom model. */
const nonCustomizedWarning = /using non-customized default base model/iu;

/** Floating-point slack, so that a delta of exactly the gate counts as equal. */
const EPSILON = 1e-9;

/**
 * Scores the source and the new model as the upgrade verification does (same normalisation and
 * alignment) and decides: worse when the new WER exceeds the source's by more than the gate,
 * better when it is lower by more than the gate, equal otherwise.
 */
export function compareMigration(
  utterances: readonly MigrationUtterance[],
  gate: number,
  targetLanguage: string,
): MigrationComparison {
  const unit = scoringUnitFor(targetLanguage);
  const runs = utterances.map((u) => ({
    source: alignUtterance({ reference: u.reference, hypothesis: u.source.transcript }, unit),
    target: alignUtterance({ reference: u.reference, hypothesis: u.target.transcript }, unit),
  }));
  const sourceRates = errorRates(
    runs.map((r) => r.source),
    unit,
  );
  const targetRates = errorRates(
    runs.map((r) => r.target),
    unit,
  );
  const werDelta =
    sourceRates.wer === null || targetRates.wer === null ? null : targetRates.wer - sourceRates.wer;
  const warnings = [...new Set(utterances.flatMap((u) => [...u.source.warnings, ...u.target.warnings]))];
  const ignored = warnings.find((w) => nonCustomizedWarning.test(w));
  const decided = ((): { verdict: MigrationVerdict; reason?: string } => {
    if (ignored)
      return { verdict: 'invalid', reason: `IBM recognised without the customization ("${ignored}")` };
    if (werDelta === null) return { verdict: 'invalid', reason: noWordsToScore };
    if (werDelta > gate + EPSILON) return { verdict: 'worse' };
    if (werDelta < -gate - EPSILON) return { verdict: 'better' };
    return { verdict: 'equal' };
  })();
  const audioSeconds = utterances.reduce((total, u) => total + (u.audioSeconds ?? 0), 0);
  return {
    ...decided,
    gate,
    source: werFigures(sourceRates),
    target: werFigures(targetRates),
    werDelta,
    wordsLost: wordsLost(runs.map((r) => ({ old: r.source, new: r.target }))),
    wordsGained: wordsLost(runs.map((r) => ({ old: r.target, new: r.source }))),
    utterances: utterances.length,
    audioMinutes: audioSeconds / 60,
    recognitionRequests: utterances.length * 2,
    warnings,
  };
}
