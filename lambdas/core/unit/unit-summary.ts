import type { VerificationRecord } from '../verification/verification-record.js';
import { countVerifications } from '../verification/verification-summary.js';
import { type HistoryWrite, skippedAttempt } from './steps/history-writes.js';
import type { ModelRef, UnitSummary } from './unit-state.js';
import { type Skip, skipOf } from './upgrade-decision.js';

/** The fields of an upgrade attempt a unit summary needs. */
export interface AttemptOutcome {
  readonly customizationId: string;
  readonly outcome: 'in-progress' | 'upgraded' | 'skipped' | 'failed';
  readonly reason?: string | undefined;
  readonly error?: string | undefined;
}

/**
 * A unit's outcome from its attempts. A unit fails when any model failed; its error is the first
 * failure's name and its cause lists every failed model. An attempt still in progress at the end
 * of a unit means a step was lost, which is a failure too.
 */
export function summarizeUnit(
  runId: string,
  attempts: readonly AttemptOutcome[],
  verifications: readonly Pick<VerificationRecord, 'outcome'>[] = [],
): UnitSummary {
  const failed = attempts
    .filter((a) => a.outcome === 'failed' || a.outcome === 'in-progress')
    .map((a) => ({
      customizationId: a.customizationId,
      error: a.outcome === 'failed' ? (a.error ?? 'Unknown') : 'Unfinished',
      cause:
        a.outcome === 'failed'
          ? (a.reason ?? 'no cause recorded')
          : 'the unit ended before this model finished',
    }));
  const first = failed[0];
  return {
    runId,
    outcome: first ? 'failed' : 'succeeded',
    upgraded: attempts.filter((a) => a.outcome === 'upgraded').map((a) => a.customizationId),
    skipped: attempts
      .filter((a) => a.outcome === 'skipped')
      .map((a) => ({ customizationId: a.customizationId, reason: a.reason ?? '' })),
    failed,
    error: first ? first.error : null,
    cause: first ? failed.map((f) => f.cause).join(' | ') : null,
    verification: countVerifications(verifications),
  };
}

/**
 * Acoustic models a unit never reached because its language model failed: each still gets a record,
 * skipped with the reason, so that no planned model is left without one.
 */
export function modelsNotReached(
  acousticModels: readonly ModelRef[],
  attempts: readonly (AttemptOutcome & { readonly kind?: string })[],
  endedAt: string,
): { readonly customizationId: string; readonly writes: readonly HistoryWrite[] }[] {
  const recorded = new Set(attempts.map((attempt) => attempt.customizationId));
  const languageFailure = attempts.find(
    (attempt) => attempt.kind === 'language' && attempt.outcome === 'failed',
  );
  const because: Skip = languageFailure
    ? {
        key: 'language-model-failed',
        text: `not upgraded: its language model ${languageFailure.customizationId} failed (${languageFailure.error ?? 'Unknown'})`,
      }
    : skipOf('unit-ended');
  return acousticModels
    .filter((model) => !recorded.has(model.customizationId))
    .map((model) => ({
      customizationId: model.customizationId,
      writes: [
        {
          kind: 'open-attempt',
          attempt: {
            kind: model.kind,
            modelName: '',
            baseModelName: '',
            statusBefore: 'unknown',
            versionBefore: null,
          },
        },
        { kind: 'update-attempt', change: skippedAttempt(because, endedAt) },
      ],
    }));
}

/** Most characters of a unit's failure cause in its execution output; the history keeps every model's. */
export const UNIT_OUTPUT_CAUSE_MAX_CHARS = 1_000;

/**
 * What a unit execution ends with: its outcome and counts, never its model lists. A fleet's
 * Distributed Map gathers the outputs of a page of 100 units into one result, which must stay
 * under Step Functions' 256 KiB, so a unit's output is bounded (about 1.2 KiB at most).
 */
export interface UnitOutput {
  readonly runId: string;
  readonly outcome: UnitSummary['outcome'];
  readonly upgraded: number;
  readonly skipped: number;
  readonly failed: number;
  readonly verification: UnitSummary['verification'];
  readonly error: string | null;
  readonly cause: string | null;
}

export function unitOutput(summary: UnitSummary): UnitOutput {
  const { cause } = summary;
  return {
    runId: summary.runId,
    outcome: summary.outcome,
    upgraded: summary.upgraded.length,
    skipped: summary.skipped.length,
    failed: summary.failed.length,
    verification: summary.verification,
    error: summary.error,
    cause:
      cause !== null && cause.length > UNIT_OUTPUT_CAUSE_MAX_CHARS
        ? `${cause.slice(0, UNIT_OUTPUT_CAUSE_MAX_CHARS - 40)}… (the run's history has every cause)`
        : cause,
  };
}
