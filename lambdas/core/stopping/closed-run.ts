import { UpgraderError } from '../contract/errors.js';
import { ErrorName } from '../contract/workflow-contract.js';
import type { UnitRun } from '../history/history-records.js';
import type { StoppedAttemptEnd } from './stopped-attempt.js';

/**
 * A task of a stopped execution may still be at work after the closer closed its run and released
 * its claims (Step Functions does not stop a running Lambda). A claim it takes then would hold the
 * model up for nothing: once the claim is written, the run is read again, and a run no longer
 * running gives the claim back and asks IBM for nothing. Read after the write, so that either the
 * closer's release sees the claim or this read sees the run closed.
 */
export function claimOfClosedRun(
  runId: string,
  run: Pick<UnitRun, 'outcome'> | undefined,
): UpgraderError | null {
  if (run?.outcome === 'running') return null;
  return new UpgraderError(
    ErrorName.RunAbandoned,
    `Run ${runId} was closed (its execution ended) before it could claim the model; the claim was given back and IBM was not asked`,
  );
}

/**
 * The same for an attempt a task of a stopped execution opened after the closer closed its run: the
 * run will never end it, and a run that met the model before it was written cannot settle it. It is
 * ended at once as what it is, an attempt of a closed run that asked IBM nothing.
 */
export function attemptOfClosedRun(
  runId: string,
  run: Pick<UnitRun, 'outcome'> | undefined,
  now: Date,
): { readonly error: UpgraderError; readonly end: StoppedAttemptEnd } | null {
  if (run?.outcome === 'running') return null;
  return {
    error: new UpgraderError(
      ErrorName.RunAbandoned,
      `Run ${runId} was closed (its execution ended) before it could start on the model; IBM was not asked`,
    ),
    end: {
      outcome: 'failed',
      endedAt: now.toISOString(),
      error: ErrorName.RunAbandoned,
      reason: 'its run was closed before it asked IBM for anything',
    },
  };
}
