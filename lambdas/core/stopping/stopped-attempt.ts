import { ErrorName } from '../contract/workflow-contract.js';
import type { UnitRun, UpgradeAttempt } from '../history/history-records.js';
import type { CustomModel } from '../model/custom-model.js';
import { currentVersionEntry } from '../unit/language-model-step.js';

/** How an attempt left open by a run that ended is closed, once the model shows what IBM did. */
export interface StoppedAttemptEnd {
  readonly outcome: 'upgraded' | 'failed';
  readonly endedAt: string;
  readonly reason: string;
  readonly versionAfter?: string;
  readonly error?: string;
}

/** The model's attempts another run left open: each is closed once its run is known to have ended. */
export function attemptsLeftOpenByOthers<A extends Pick<UpgradeAttempt, 'runId' | 'outcome'>>(
  attempts: readonly A[],
  runId: string,
): A[] {
  return attempts.filter((attempt) => attempt.runId !== runId && attempt.outcome === 'in-progress');
}

/**
 * An attempt still `in-progress` whose run has ended (stopped, timed out, failed before its summary)
 * is closed by the next run that reads the model. Once IBM has finished, a new version means the
 * upgrade the stopped run asked for happened: it is recorded `upgraded` under the stopped run's id.
 * A model IBM is still upgrading is left for a later look; one on its old version was never upgraded.
 */
export function stoppedAttemptEnd(
  attempt: Pick<UpgradeAttempt, 'outcome' | 'versionBefore' | 'steps'>,
  run: Pick<UnitRun, 'outcome'> | undefined,
  model: Pick<CustomModel, 'status' | 'versions' | 'baseModelName'>,
  now: Date,
): StoppedAttemptEnd | null {
  if (attempt.outcome !== 'in-progress' || run?.outcome === 'running') return null;
  if (model.status === 'upgrading' || model.status === 'training') return null;
  const version = currentVersionEntry(model);
  const asked = attempt.steps.length > 0;
  if (asked && version !== null && version !== attempt.versionBefore) {
    return {
      outcome: 'upgraded',
      endedAt: now.toISOString(),
      versionAfter: version,
      reason: 'IBM finished the upgrade after its run had stopped',
    };
  }
  return {
    outcome: 'failed',
    endedAt: now.toISOString(),
    error: ErrorName.RunAbandoned,
    reason: asked
      ? 'its run stopped and IBM left the model on its version'
      : 'its run stopped before it asked IBM for the upgrade',
  };
}
