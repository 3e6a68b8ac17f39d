import { UpgradeStep } from '../../contract/workflow-contract.js';
import { type ExecutionStatus, hasEnded } from '../../stopping/execution-status.js';
import { claimHasLapsed, claimLeaseSeconds } from '../claim-lease.js';
import { currentVersionEntry } from '../language-model-step.js';
import type { StartUpgradeTask, WorkflowOptions } from '../unit-state.js';

/** What a claim protects: one model, one upgrade step, one target version. */
export interface ClaimTarget {
  readonly instanceId: string;
  readonly customizationId: string;
  readonly upgradeStep: string;
  readonly targetKey: string;
}

/** This run's own earlier request for the step, which may have taken effect though its answer was lost. */
export interface EarlierRequest {
  readonly at: string;
  /** The model's `updated` just before that request: the with-language-model step shows only there. */
  readonly updatedBefore: string | null;
}

/** The answer of the claim store. `own` says the run already held the claim (a retried task). */
export type ClaimResult =
  | { readonly granted: true; readonly own: boolean; readonly earlierRequest: EarlierRequest | null }
  | {
      readonly granted: false;
      readonly heldBy: string;
      readonly claimedAt: string;
      /** The holder's execution, where the claim names it. */
      readonly heldByExecution?: string;
    };

/** The claim a start task takes before it asks IBM for anything. */
export function claimTargetOf({ run, model, step, progress }: StartUpgradeTask): ClaimTarget {
  return {
    instanceId: run.instanceId,
    customizationId: model.customizationId,
    upgradeStep: step,
    targetKey: targetKeyOf(step, progress),
  };
}

/**
 * What distinguishes one upgrade of a model from the next: the version the step starts from. Two runs
 * upgrading the same model from the same version collide here, whether or not they know the target;
 * the with-language-model step runs on the version the first step reached.
 */
function targetKeyOf(step: StartUpgradeTask['step'], progress: StartUpgradeTask['progress']): string {
  const before = currentVersionEntry({
    versions: progress.versionsBefore,
    baseModelName: progress.baseModelName,
  });
  if (step === UpgradeStep.UpgradeWithLanguageModel)
    return `on:${progress.reachedVersion ?? before ?? 'unknown'}`;
  return `from:${before ?? 'unknown'}`;
}

/**
 * The execution to ask Step Functions about before judging a claim: only that of a holder still
 * recorded running, where the claim names one (a holder that ended needs no asking).
 */
export function executionToAsk(
  holder: { readonly outcome: string } | undefined,
  claim: { readonly heldByExecution?: string | undefined },
): string | undefined {
  return holder?.outcome === 'running' ? claim.heldByExecution : undefined;
}

/**
 * Whether a claim held by another run may be taken over: its run has ended without releasing it, or
 * the execution the claim names has ended (stopped, timed out, failed: its closer may not have run
 * yet), or, the last resort, the run is still recorded as running but its lease has lapsed. A claim of
 * a run still at work is respected.
 */
export function mayTakeOverClaim(
  holder: { readonly outcome: string } | undefined,
  claim: { readonly claimedAt: string; readonly execution: ExecutionStatus | undefined },
  now: Date,
  options: Pick<WorkflowOptions, 'busyDeadlineSeconds' | 'upgradeDeadlineSeconds'>,
): boolean {
  if (holder?.outcome !== 'running') return true;
  if (claim.execution !== undefined && hasEnded(claim.execution)) return true;
  return claimHasLapsed(claim.claimedAt, now, claimLeaseSeconds(options));
}
