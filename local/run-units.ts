import type { HistoryStore } from '#adapters/history-store/index.js';
import {
  type FleetReport,
  type ModelReport,
  type NotPlannedModel,
  type RunReport,
  summarizeModels,
  type UnitReport,
} from '#cli/report/run-report.js';
import type { UpgradeUnitInput } from '#core/upgrade-unit.js';
import type { LocalUpgrader } from './local-upgrader.js';
import type { ModelProgressTracker } from './model-progress-tracker.js';

/** Measures a local run: wall time, simulated time, and how much history there was before it. */
export async function measured(
  history: HistoryStore,
  nowMs: () => number,
  work: () => Promise<{ units: UnitReport[]; fleet: FleetReport | null; notPlanned?: NotPlannedModel[] }>,
  tracker: ModelProgressTracker,
): Promise<RunReport> {
  const earlierRuns = (await history.recentRuns(10_000)).length;
  const wallStart = Date.now();
  const simulatedStart = nowMs();
  const { units, fleet, notPlanned = [] } = await work();
  const simulatedSeconds = (nowMs() - simulatedStart) / 1000;
  const models = (await Promise.all(units.map((unit) => modelReports(history, unit.runId, tracker)))).flat();
  return {
    fleet,
    notPlanned,
    units,
    models,
    summary: summarizeModels(models),
    simulatedSeconds,
    wallSeconds: (Date.now() - wallStart) / 1000,
    earlierRuns,
  };
}

/** Runs every unit through the synthesized unit state machine at once; execution names start with `namePrefix`. */
export async function runUnits(
  upgrader: LocalUpgrader,
  units: readonly UpgradeUnitInput[],
  namePrefix: string,
): Promise<{ units: UnitReport[]; fleet: null }> {
  const results = await Promise.all(
    units.map((unit, index) =>
      upgrader.runUnit(unit, { name: `${namePrefix}-${String(index + 1).padStart(3, '0')}` }),
    ),
  );
  return {
    fleet: null,
    units: results.map((result) => ({
      runId: result.name,
      status: result.status,
      error: result.error ?? null,
      cause: result.cause ?? null,
      stateTransitions: result.stateTransitions,
    })),
  };
}

async function modelReports(
  history: HistoryStore,
  runId: string,
  tracker: ModelProgressTracker,
): Promise<ModelReport[]> {
  const { attempts } = await history.runHistory(runId);
  return attempts.map((attempt) => ({
    runId,
    customizationId: attempt.customizationId,
    kind: attempt.kind,
    name: attempt.modelName,
    outcome: attempt.outcome,
    reason: attempt.reason ?? null,
    error: attempt.error ?? null,
    versionBefore: attempt.versionBefore,
    versionAfter: attempt.versionAfter ?? null,
    steps: attempt.steps,
    polls: attempt.polls,
    retries: attempt.retries,
    stateTransitions: tracker.get(attempt.customizationId)?.stateTransitions ?? 0,
    simulatedSeconds: attempt.endedAt
      ? (Date.parse(attempt.endedAt) - Date.parse(attempt.startedAt)) / 1000
      : null,
  }));
}
