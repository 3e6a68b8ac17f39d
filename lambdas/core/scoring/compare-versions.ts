import { alignUtterance, type ErrorRates, errorRates } from './error-rate.js';
import { scoringUnitFor } from './language.js';
import { type LostWord, wordsLost } from './words-lost.js';

/** One test-set utterance as recognised by the old and the new base model version. */
export interface ComparedUtterance {
  readonly reference: string;
  readonly oldHypothesis: string;
  readonly newHypothesis: string;
}

export interface VersionComparison {
  readonly oldRates: ErrorRates;
  readonly newRates: ErrorRates;
  /** New WER minus old WER (positive: the new version is worse); null when the references have no words. */
  readonly werDelta: number | null;
  /** Words (characters, for languages scored by characters) the old version got right and the new one missed. */
  readonly wordsLost: readonly LostWord[];
}

/**
 * Compares the old and the new version of an upgraded model on the same test set.
 * `language` is a language code or model name (`ja-JP`, `en-US_Telephony`); it decides the unit.
 */
export function compareVersions(
  utterances: readonly ComparedUtterance[],
  language: string | undefined,
): VersionComparison {
  const unit = scoringUnitFor(language);
  const runs = utterances.map((utterance) => ({
    old: alignUtterance({ reference: utterance.reference, hypothesis: utterance.oldHypothesis }, unit),
    new: alignUtterance({ reference: utterance.reference, hypothesis: utterance.newHypothesis }, unit),
  }));
  const oldRates = errorRates(
    runs.map((run) => run.old),
    unit,
  );
  const newRates = errorRates(
    runs.map((run) => run.new),
    unit,
  );
  return {
    oldRates,
    newRates,
    werDelta: oldRates.wer === null || newRates.wer === null ? null : newRates.wer - oldRates.wer,
    wordsLost: wordsLost(runs),
  };
}
