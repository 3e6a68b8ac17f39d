import type { HistoryStore } from '#adapters/history-store/index.js';
import { type HeldClaim, isMigrationClaim } from '#core/migration/index.js';

/**
 * Every claim other runs hold on a model, with whether the holder is still recorded at work: an
 * upgrade by its run record, a migration by the model's migration record (running, under the
 * claim's run id).
 */
export async function heldClaims(
  history: HistoryStore,
  instanceId: string,
  customizationId: string,
  ownRunId: string,
): Promise<HeldClaim[]> {
  const claims = (await history.claims(instanceId, customizationId)).filter((c) => c.runId !== ownRunId);
  return Promise.all(
    claims.map(async (claim) => {
      // A claim's sort key starts with its step (see the history store's keys).
      const upgradeStep = claim.key.sk.split('#')[0] ?? '';
      const holderRunning = isMigrationClaim({ upgradeStep })
        ? await history.migration
            .get(instanceId, customizationId)
            .then((r) => r?.status === 'running' && r.runId === claim.runId)
        : (await history.getRun(claim.runId))?.outcome === 'running';
      return { runId: claim.runId, upgradeStep, claimedAt: claim.claimedAt, holderRunning };
    }),
  );
}
