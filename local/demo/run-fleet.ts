import { fleetSummarySchema } from '../../lambdas/core/fleet-records.js';
import type { ExecutionResult } from '../executor/index.js';
import type { LocalUpgrader } from '../local-upgrader.js';
import type { ModelProgressTracker } from './model-progress-tracker.js';
import type { FleetReport, UnitReport } from './run-report.js';

/** The units a finished fleet run upgraded, read back from its records in the history table. */
export async function fleetUnits(
  upgrader: LocalUpgrader,
  fleet: ExecutionResult,
  tracker: ModelProgressTracker,
): Promise<{ units: UnitReport[]; fleet: FleetReport }> {
  const summary = fleetSummarySchema.parse(fleet.output);
  const run = await upgrader.history.fleet.requireRun(summary.fleetRunId);
  const outcomes = await upgrader.history.fleet.unitOutcomes(summary.fleetRunId);
  return {
    fleet: {
      fleetRunId: summary.fleetRunId,
      trigger: `${run.trigger.type} ${run.trigger.id}`,
      status: summary.status,
      message: summary.message,
    },
    units: outcomes.map((outcome) => ({
      runId: outcome.unitRunId,
      status: outcome.outcome === 'succeeded' ? 'SUCCEEDED' : 'FAILED',
      error: outcome.failures[0]?.error ?? null,
      cause: outcome.failures[0]?.cause ?? null,
      stateTransitions: tracker.transitionsOf(outcome.unitRunId),
    })),
  };
}
