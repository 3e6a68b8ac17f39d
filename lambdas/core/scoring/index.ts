export { type Alignment, type AlignmentStep, align, type EditCounts } from './alignment.js';
export { type AlignedColumn, type ChangedUtterance, changedUtterances } from './changed-utterances.js';
export { type ComparedUtterance, compareVersions, type VersionComparison } from './compare-versions.js';
export {
  alignUtterance,
  type ErrorRates,
  errorRates,
  noWordsToScore,
  scoreTranscripts,
  type TranscriptPair,
  type WerFigures,
  werFigures,
} from './error-rate.js';
export { scoringUnitFor } from './language.js';
export { normaliseWords, type ScoringUnit, scoringTokens } from './normalise.js';
export { type LostWord, wordsLost } from './words-lost.js';
