import { type Alignment, align, type EditCounts } from './alignment.js';
import { type ScoringUnit, scoringTokens } from './normalise.js';

/** One utterance: what was said, and what recognition wrote. */
export interface TranscriptPair {
  readonly reference: string;
  readonly hypothesis: string;
}

/** Why no error rate can be compared: a WER needs reference words (`wer` is null without them). */
export const noWordsToScore = 'the references of the test set have no words to score';

/** Error rates of a set of utterances, pooled over the set. */
export interface ErrorRates extends EditCounts {
  /**
   * (S + D + I) / N over the whole set, N being the reference words (or characters); above 1 when
   * the hypotheses insert more than the references hold. Null when the references have no words.
   */
  readonly wer: number | null;
  /** N: words, or characters for `unit: 'character'`, in the normalised references. */
  readonly referenceWords: number;
  readonly unit: ScoringUnit;
  readonly utterances: number;
  /** Utterances with at least one error, over all utterances; null for an empty set. */
  readonly sentenceErrorRate: number | null;
}

/** The word error rate and the edits behind it: what every record and answer of a scoring carries. */
export type WerFigures = Pick<
  ErrorRates,
  'wer' | 'substitutions' | 'deletions' | 'insertions' | 'referenceWords'
>;

export function werFigures(rates: ErrorRates): WerFigures {
  return {
    wer: rates.wer,
    substitutions: rates.substitutions,
    deletions: rates.deletions,
    insertions: rates.insertions,
    referenceWords: rates.referenceWords,
  };
}

/** The alignment of one utterance after normalisation. */
export function alignUtterance(pair: TranscriptPair, unit: ScoringUnit): Alignment {
  return align(scoringTokens(pair.reference, unit), scoringTokens(pair.hypothesis, unit));
}

/**
 * Pooled error rates: edits and reference words are summed over the set before dividing, so a
 * long utterance weighs more than a short one (averaging per-utterance rates would not).
 */
export function errorRates(alignments: readonly Alignment[], unit: ScoringUnit): ErrorRates {
  let substitutions = 0;
  let deletions = 0;
  let insertions = 0;
  let referenceWords = 0;
  let utterancesWithErrors = 0;
  for (const alignment of alignments) {
    substitutions += alignment.substitutions;
    deletions += alignment.deletions;
    insertions += alignment.insertions;
    referenceWords += alignment.substitutions + alignment.deletions + countCorrect(alignment);
    if (alignment.substitutions + alignment.deletions + alignment.insertions > 0) utterancesWithErrors++;
  }
  const errors = substitutions + deletions + insertions;
  return {
    wer: referenceWords === 0 ? null : errors / referenceWords,
    substitutions,
    deletions,
    insertions,
    referenceWords,
    unit,
    utterances: alignments.length,
    sentenceErrorRate: alignments.length === 0 ? null : utterancesWithErrors / alignments.length,
  };
}

/** Scores a set of utterances: normalised, aligned one by one, pooled over the set. */
export function scoreTranscripts(pairs: readonly TranscriptPair[], unit: ScoringUnit): ErrorRates {
  return errorRates(
    pairs.map((pair) => alignUtterance(pair, unit)),
    unit,
  );
}

function countCorrect(alignment: Alignment): number {
  return alignment.steps.filter((step) => step.kind === 'correct').length;
}
