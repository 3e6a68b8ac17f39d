import { parseOrThrow } from '#core/contract/parse.js';
import { closeUnit } from '#core/unit/unit-closing.js';
import { summarizeUnitTaskSchema } from '#core/unit/unit-state.js';
import { modelsNotReached } from '#core/unit/unit-summary.js';
import { awsUnitDeps } from './runtime/aws-deps.js';
import { frozenClock } from './runtime/frozen-clock.js';
import { releaseClaims, writeHistory } from './runtime/history-writer.js';
import { lambdaHandler } from './runtime/lambda-entry.js';
import type { UnitDeps, UnitHandler } from './runtime/unit-deps.js';

/** Last state of a unit: its outcome from the history table, recorded on the run. */
export function summarizeUnit(deps: UnitDeps): UnitHandler {
  return async (event) => {
    const { run, acousticModels } = parseOrThrow(summarizeUnitTaskSchema, event, 'summarize-unit input');
    const clock = frozenClock(deps.clock);
    const before = await deps.history.runHistory(run.runId);
    for (const missing of modelsNotReached(acousticModels, before.attempts, clock.now().toISOString())) {
      const scope = {
        run,
        customizationId: missing.customizationId,
        attemptStartedAt: clock.now().toISOString(),
      };
      await writeHistory(deps.history, clock, scope, missing.writes);
    }
    const { run: stored, attempts } = await deps.history.runHistory(run.runId);
    const verifications = await deps.history.verification.ofRun(run.runId);
    const closing = closeUnit({
      run,
      storedOutcome: stored?.outcome,
      attempts,
      verifications,
      endedAt: deps.clock.now().toISOString(),
    });
    // Claims guard against concurrent upgrades only: once the unit ends, a later run may act.
    for (const customizationId of closing.releaseClaimsOf) {
      await releaseClaims(deps.history, run, customizationId);
    }
    for (const notice of closing.notices) await deps.notifier?.notify(notice);
    await deps.history.finishRun(run.runId, closing.runEnd);
    deps.metrics?.record(closing.metrics);
    // A unit of a fleet adds its outcome there once; a retry of this state finds it stored.
    if (closing.fleetOutcome) await deps.history.fleet.recordUnitOutcome(closing.fleetOutcome);
    return closing.output;
  };
}

export const handler = lambdaHandler(awsUnitDeps, summarizeUnit);
