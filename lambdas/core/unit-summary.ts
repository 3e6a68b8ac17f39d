import type { UnitSummary } from './unit-workflow.js';
import type { VerificationRecord } from './verification/verification-record.js';
import { countVerifications } from './verification/verification-summary.js';

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
