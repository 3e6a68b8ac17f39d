import { parseOrThrow } from '#core/parse.js';
import { recordFailureTaskSchema } from '#core/unit-workflow.js';
import { attemptKey } from './runtime/attempt-key.js';
import { awsUnitHandler } from './runtime/aws-unit-deps.js';
import { causeText } from './runtime/cause-text.js';
import type { UnitDeps, UnitHandler } from './runtime/unit-deps.js';

/**
 * Where every caught failure of a model lands: closes its attempt as failed with the error name and
 * a cause a person can read, and releases its claims so that a later run may try again.
 */
export function recordFailure(deps: UnitDeps): UnitHandler {
  return async (event) => {
    const task = parseOrThrow(recordFailureTaskSchema, event, 'record-failure input');
    const { run, model: ref, progress, failure } = task;
    const now = deps.clock.now().toISOString();
    const startedAt = progress?.attemptStartedAt ?? now;
    const key = attemptKey(run, ref.customizationId, startedAt);
    if (!progress) {
      // The model failed before its first check finished (e.g. it does not exist): open its attempt here.
      await deps.history.startAttempt({
        ...key,
        kind: ref.kind,
        modelName: '',
        baseModelName: '',
        trigger: run.trigger,
        statusBefore: 'unknown',
        versionBefore: null,
      });
    }
    const cause = causeText(failure.Cause);
    await deps.history.updateAttempt(key, {
      outcome: 'failed',
      error: failure.Error,
      reason: cause,
      endedAt: now,
    });
    await deps.history.releaseClaims(run.instanceId, ref.customizationId, run.runId);
    return task;
  };
}

export const handler = awsUnitHandler(recordFailure);
