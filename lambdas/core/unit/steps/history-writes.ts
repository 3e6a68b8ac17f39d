import type { UpgraderError } from '../../contract/errors.js';
import type { StepDetail, UpgradeAttempt } from '../../history/history-records.js';
import type { Skip } from '../upgrade-decision.js';
import type { ClaimTarget } from './step-claim.js';

/**
 * What a unit step asks the history table to record. Core transitions return these; the handlers'
 * one writer applies them in order, so every claim release and step record goes through one place.
 * All of them concern the task's own model in the task's own run.
 */
export type HistoryWrite =
  | { readonly kind: 'open-attempt'; readonly attempt: AttemptOpening }
  | {
      readonly kind: 'update-attempt';
      readonly change: AttemptChange;
      readonly counters?: AttemptCounters;
    }
  | { readonly kind: 'step'; readonly step: string; readonly detail: StepDetail; readonly dedupKey: string }
  /** This run gives up its claims on the model, so a later run may act on it. */
  | { readonly kind: 'release-claims' }
  /** IBM answered that the step's request was not carried out: the claim no longer notes it. */
  | { readonly kind: 'forget-request'; readonly target: ClaimTarget }
  /** An acoustic model trained with a language model finished its with-language-model step on `version`. */
  | {
      readonly kind: 'language-model-step-done';
      readonly version: string;
      readonly languageModelId: string;
    };

/** An attempt as a model's first check opens it. */
export type AttemptOpening = Pick<
  UpgradeAttempt,
  'kind' | 'modelName' | 'baseModelName' | 'statusBefore' | 'versionBefore'
> & { readonly targetVersion?: string | undefined };

/** Fields of an attempt that change as it runs; absent fields stay as stored. */
export type AttemptChange = Partial<
  Pick<
    UpgradeAttempt,
    | 'outcome'
    | 'reason'
    | 'skipKey'
    | 'error'
    | 'versionAfter'
    | 'targetVersion'
    | 'leftStatus'
    | 'endedAt'
    | 'durationSeconds'
    | 'stepDurations'
  >
>;

/** Changes relative to what is stored, so retried and concurrent writers add up instead of overwriting. */
export interface AttemptCounters {
  readonly addPolls?: number;
  readonly addRetries?: number;
  readonly addLostAnswers?: number;
  readonly appendStep?: string;
}

/** The outcome of a unit step: what to record, then either the next document or the error to raise. */
export type StepTransition<T> =
  | { readonly writes: readonly HistoryWrite[]; readonly next: T }
  | { readonly writes: readonly HistoryWrite[]; readonly fail: UpgraderError };

/** The change that ends an attempt as skipped: the reason's text for operators, its key for metrics. */
export function skippedAttempt(skip: Skip, endedAt: string): AttemptChange {
  return { outcome: 'skipped', reason: skip.text, skipKey: skip.key, endedAt };
}
