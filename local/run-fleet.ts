import { fleetSummarySchema } from '#core/fleet/fleet-records.js';
import type { CustomModel } from '#core/model/custom-model.js';
import type { ExecutionResult } from './executor/index.js';
import type { LocalUpgrader } from './local-upgrader.js';
import type { ModelProgressTracker } from './model-progress-tracker.js';
import type { FleetReport, NotPlannedModel, UnitReport } from './run-report.js';

/**
 * The units a finished fleet run upgraded, read back from its records in the history table, and
 * the models of the instance (those `considered`) that no unit covered.
 */
export async function fleetUnits(
  upgrader: LocalUpgrader,
  fleet: ExecutionResult,
  tracker: ModelProgressTracker,
  models: readonly CustomModel[],
  considered: (model: CustomModel) => boolean = () => true,
): Promise<{ units: UnitReport[]; fleet: FleetReport; notPlanned: NotPlannedModel[] }> {
  const summary = fleetSummarySchema.parse(fleet.output);
  const run = await upgrader.history.fleet.requireRun(summary.fleetRunId);
  const outcomes = await upgrader.history.fleet.unitOutcomes(summary.fleetRunId);
  const pages = await upgrader.history.fleet.pages(summary.fleetRunId);
  const planned = new Set(
    pages.flatMap((page) =>
      page.units.flatMap((unit) => [
        unit.languageModelId,
        ...unit.acousticModels.map((am) => am.customizationId),
      ]),
    ),
  );
  return {
    notPlanned: models
      .filter((model) => considered(model) && !planned.has(model.customizationId))
      .map((model) => ({
        customizationId: model.customizationId,
        kind: model.kind,
        name: model.name,
        version: model.versions.at(-1) ?? null,
      })),
    fleet: {
      fleetRunId: summary.fleetRunId,
      trigger: `${run.trigger.type} ${run.trigger.id}`,
      status: summary.status,
      message: summary.message,
      report: summary.report ?? null,
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
