import { newestVersion } from '../base-model-version.js';
import { claimHasLapsed, claimLeaseSeconds } from '../claim-lease.js';
import type { StartUpgradeTask, WorkflowOptions } from '../unit-workflow.js';

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
  | { readonly granted: false; readonly heldBy: string; readonly claimedAt: string };

/** The claim a start task takes before it asks IBM for anything. */
export function claimTargetOf({ run, model, step, options, progress }: StartUpgradeTask): ClaimTarget {
  return {
    instanceId: run.instanceId,
    customizationId: model.customizationId,
    upgradeStep: step,
    targetKey: targetKeyOf(options, progress),
  };
}

/** The version a step upgrades to: the announced one, else "whatever follows the newest we saw". */
function targetKeyOf(
  options: Pick<WorkflowOptions, 'targetVersions'>,
  progress: StartUpgradeTask['progress'],
): string {
  const announced = options.targetVersions[progress.baseModelName];
  if (announced) return announced;
  const { newest } = newestVersion(progress.versionsBefore, progress.baseModelName);
  return `after:${newest?.suffix ?? progress.versionsBefore.toSorted().join('+')}`;
}

/**
 * Whether a claim held by another run may be taken over: its run has ended without releasing it,
 * or the run is still recorded as running but its lease has lapsed (it was stopped before it could
 * record its end). A claim of a run still at work is respected.
 */
export function mayTakeOverClaim(
  holder: { readonly outcome: string } | undefined,
  claimedAt: string,
  now: Date,
  options: Pick<WorkflowOptions, 'busyDeadlineSeconds' | 'upgradeDeadlineSeconds'>,
): boolean {
  const lapsed = claimHasLapsed(claimedAt, now, claimLeaseSeconds(options));
  return holder?.outcome !== 'running' || lapsed;
}
