import { claimHasLapsed, claimLeaseSeconds } from '../unit/claim-lease.js';
import type { ClaimTarget } from '../unit/steps/step-claim.js';
import { unitOptionsSchema } from '../unit/unit-input.js';

/**
 * An upgrade and a migration never act on the same model at once: an upgrade mid-way would change the
 * source the migration compares with. A migration claims its source in the upgrades' own claim
 * partition under this step; each side takes its claim first and then looks for the other's, so of
 * two that start together at least one sees the other and backs off.
 */
export const MIGRATION_CLAIM_STEP = 'migrate';

/** The migration state machine's timeout (7 days) plus a day: no live migration holds a claim longer. */
export const MIGRATION_CLAIM_LEASE_SECONDS = 8 * 24 * 3600;

/** An upgrade's lease with the unit's default deadlines: the longest a healthy upgrade holds a claim. */
const UPGRADE_CLAIM_LEASE_SECONDS = claimLeaseSeconds(unitOptionsSchema.parse({}));

/** The claim a migration takes on its source model. */
export function migrationClaimTarget(instanceId: string, sourceId: string, target: string): ClaimTarget {
  return {
    instanceId,
    customizationId: sourceId,
    upgradeStep: MIGRATION_CLAIM_STEP,
    targetKey: `to:${target}`,
  };
}

/** A claim on the model, with what its holder's record says. */
export interface HeldClaim {
  readonly runId: string;
  readonly upgradeStep: string;
  readonly claimedAt: string;
  /** The holder's run (or migration) is still recorded as running under this claim's run id. */
  readonly holderRunning: boolean;
}

export const isMigrationClaim = (claim: Pick<HeldClaim, 'upgradeStep'>) =>
  claim.upgradeStep === MIGRATION_CLAIM_STEP;

/** Whether the holder still works on the model: recorded running, and within its lease. */
function isLive(claim: HeldClaim, now: Date): boolean {
  const lease = isMigrationClaim(claim) ? MIGRATION_CLAIM_LEASE_SECONDS : UPGRADE_CLAIM_LEASE_SECONDS;
  return claim.holderRunning && !claimHasLapsed(claim.claimedAt, now, lease);
}

/**
 * The live claim of the other kind that keeps this run off the model: a migration yields to an
 * upgrade at work on its source, an upgrade to a migration. Runs of one kind need no such rule:
 * upgrades are kept apart by their own claim keys, and a migration run again takes over its source
 * from the earlier run (every phase observes IBM before it acts, so a stopped run's claim never holds
 * up its re-run).
 */
export function blockingClaim(
  claims: readonly HeldClaim[],
  me: { readonly runId: string; readonly kind: 'migration' | 'upgrade' },
  now: Date,
): HeldClaim | undefined {
  return claims.find(
    (claim) =>
      claim.runId !== me.runId && isMigrationClaim(claim) === (me.kind === 'upgrade') && isLive(claim, now),
  );
}

/** What a migration that meets an upgrade's claim records, so the operator knows when to run it again. */
export function claimedReason(claim: HeldClaim): string {
  return `upgrade run ${claim.runId} is upgrading this model since ${claim.claimedAt}; run the migration again once it has ended`;
}
