import { parseOrThrow } from '#core/contract/parse.js';
import { summarizeUnitTaskSchema } from '#core/unit/unit-state.js';
import { modelsNotReached, summarizeUnit as summarize, unitOutput } from '#core/unit/unit-summary.js';
import { unitMetricPoints, verificationMetricPoints } from '#core/unit/upgrade-metrics.js';
import { regressionNotice } from '#core/verification/verification-summary.js';
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
    const summary = summarize(run.runId, attempts, verifications);
    // Claims guard against concurrent upgrades only: once the unit ends, a later run may act.
    for (const attempt of attempts) {
      await releaseClaims(deps.history, run, attempt.customizationId);
    }
    // Told before the run is closed, so a retry after a failed notice tells again rather than never.
    if (stored?.outcome === 'running') {
      for (const record of verifications.filter((v) => v.outcome === 'regressed')) {
        await deps.notifier?.notify(regressionNotice(record));
      }
    }
    await deps.history.finishRun(run.runId, {
      outcome: summary.outcome,
      endedAt: deps.clock.now().toISOString(),
      ...(summary.error ? { error: summary.error } : {}),
      ...(summary.cause ? { cause: summary.cause } : {}),
    });
    // Metrics come from the finished attempts, once per unit: retried tasks never count twice.
    deps.metrics?.record([...unitMetricPoints(attempts), ...verificationMetricPoints(verifications)]);
    // A unit of a fleet adds its outcome there once; a retry of this state finds it stored.
    if (run.fleet) {
      await deps.history.fleet.recordUnitOutcome({
        fleet: run.fleet,
        unitRunId: run.runId,
        instanceId: run.instanceId,
        modelIds: attempts.map((a) => a.customizationId),
        outcome: summary.outcome,
        upgraded: summary.upgraded.length,
        skipped: summary.skipped.length,
        failures: summary.failed.map((f) => ({ ...f, cause: f.cause.slice(0, 500) })),
        verification: summary.verification,
        ...(run.notStarted ? { notStarted: run.notStarted } : {}),
        endedAt: deps.clock.now().toISOString(),
      });
    }
    return unitOutput(summary);
  };
}

export const handler = lambdaHandler(awsUnitDeps, summarizeUnit);
