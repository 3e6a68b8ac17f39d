import type { AlignmentStep } from '../scoring/index.js';
import type { VerificationOutcome } from '../verification/verification-record.js';

/**
 * What a report shows, built from history records by pure code; renderers draw it. Rates are
 * fractions (0.05 = 5 %); times are ISO strings.
 */
export interface Report {
  readonly title: string;
  /** What the report covers, in one line: the run's summary, the model, or the watch. */
  readonly subtitle: string;
  readonly generatedAt: string;
  /** Headline figures, in order. */
  readonly facts: readonly ReportFact[];
  /** An upgrade run's verifications or a watch run's measurements, model by model. */
  readonly upgrades: readonly UpgradeRow[];
  /** What `upgrades` compares, in words: its heading and the names of its two sides. */
  readonly comparison: { readonly heading: string; readonly old: string; readonly new: string };
  /** The WER changes the fleet saw, one per model, for their distribution. */
  readonly werChanges: readonly WerChange[];
  /** The gate a change is judged by (absolute WER increase); null when there is none. */
  readonly maxWerIncrease: number | null;
  /** WER over time, one series per model, regressions first. */
  readonly models: readonly ModelSeries[];
  /** Models that have a series but are not charted, to keep the file small. */
  readonly modelsLeftOut: number;
  /** The utterances that changed, for the worst regressions. */
  readonly regressions: readonly RegressionDetail[];
  /** Regressions not detailed, to keep the file small. */
  readonly regressionsLeftOut: number;
}

export interface ReportFact {
  readonly label: string;
  readonly value: string;
}

/** How a measurement compares with the model's baseline. */
export type WatchVerdict = 'baseline' | 'steady' | 'worse' | 'better';

/** One model's verification in an upgrade run, or its measurement in a watch run: its WER before and after. */
export interface UpgradeRow {
  readonly instanceId: string;
  readonly customizationId: string;
  readonly modelName: string;
  /** A verification's outcome, or the watch's verdict on a measurement. */
  readonly outcome: VerificationOutcome | WatchVerdict;
  readonly testSet: string | null;
  readonly oldVersion: string | null;
  readonly newVersion: string | null;
  readonly oldWer: number | null;
  readonly newWer: number | null;
  readonly werDelta: number | null;
  readonly wordsLost: readonly string[];
  /** Why an outcome is invalid or unverified. */
  readonly reason: string | null;
}

export interface WerChange {
  readonly customizationId: string;
  readonly modelName: string;
  /** New WER minus old: positive when worse. */
  readonly delta: number;
}

/** Where a WER was measured: before or after an upgrade by its verification, or by the accuracy watch. */
export type WerSource = 'before-upgrade' | 'after-upgrade' | 'measurement';

export interface WerPoint {
  readonly at: string;
  readonly wer: number;
  /** The base model version recognition ran with. */
  readonly version: string;
  readonly source: WerSource;
}

/** Something that changed the model itself, marked on its chart. */
export interface ModelEvent {
  readonly at: string;
  readonly kind: 'upgrade' | 'retrain' | 'migration';
  readonly label: string;
}

export interface ModelSeries {
  readonly instanceId: string;
  readonly customizationId: string;
  readonly modelName: string;
  readonly baseModelName: string;
  /** In time order. */
  readonly points: readonly WerPoint[];
  /** In time order. */
  readonly events: readonly ModelEvent[];
}

/** One utterance whose transcript changed between the versions, each aligned with the reference. */
export interface ChangedUtterance {
  /** Its line in the test set's manifest, from 0. */
  readonly index: number;
  readonly reference: string;
  readonly old: AlignedTranscript;
  readonly new: AlignedTranscript;
}

export interface AlignedTranscript {
  readonly transcript: string;
  readonly steps: readonly AlignmentStep[];
  /** Substitutions, deletions and insertions. */
  readonly errors: number;
}

export interface RegressionDetail {
  readonly customizationId: string;
  readonly modelName: string;
  readonly testSet: string | null;
  readonly oldVersion: string;
  readonly newVersion: string;
  readonly oldWer: number | null;
  readonly newWer: number | null;
  /** Changed utterances, the ones the new version got most wrong first, at most `CHANGED_SHOWN`. */
  readonly utterances: readonly ChangedUtterance[];
  /** Changed utterances beyond those shown. */
  readonly moreChanged: number;
  /** Why no utterance can be shown (transcripts not kept or not found); null when they are. */
  readonly transcriptsProblem: string | null;
}
