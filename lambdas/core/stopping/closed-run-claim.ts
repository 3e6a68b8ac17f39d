import { UpgraderError } from '../errors.js';
import type { UnitRun } from '../history-records.js';
import { ErrorName } from '../workflow-contract.js';

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
