import type { HistoryStore } from '../../lambdas/adapters/history-store/index.js';
import type { UpgradeUnitInput } from '../../lambdas/core/upgrade-unit.js';
import type { ExecutionResult } from '../executor/index.js';
import type { LocalUpgrader } from '../local-upgrader.js';
import type { ModelProgressTracker } from './model-progress-tracker.js';
import { type ModelReport, type RunReport, summarizeModels, type UnitReport } from './run-report.js';

export interface RunUnitsOptions {
  readonly upgrader: LocalUpgrader;
  readonly units: readonly UpgradeUnitInput[];
  readonly tracker: ModelProgressTracker;
  readonly nowMs: () => number;
  /** Execution names start with this, so runs are easy to find in history. */
  readonly namePrefix: string;
}

/** Runs every unit through the synthesized unit state machine at once and reports from the history table. */
export async function runUnits(options: RunUnitsOptions): Promise<RunReport> {
  const { upgrader, units, tracker } = options;
  const earlierRuns = (await upgrader.history.recentRuns(10_000)).length;
  const wallStart = Date.now();
  const simulatedStart = options.nowMs();
  const results = await Promise.all(
    units.map((unit, index) =>
      upgrader.runUnit(unit, { name: `${options.namePrefix}-${String(index + 1).padStart(3, '0')}` }),
    ),
  );
  const simulatedSeconds = (options.nowMs() - simulatedStart) / 1000;
  const models = (
    await Promise.all(results.map((result) => modelReports(upgrader.history, result, tracker)))
  ).flat();
  return {
    units: results.map(unitReport),
    models,
    summary: summarizeModels(models),
    simulatedSeconds,
    wallSeconds: (Date.now() - wallStart) / 1000,
    earlierRuns,
  };
}

function unitReport(result: ExecutionResult): UnitReport {
  return {
    runId: result.name,
    status: result.status,
    error: result.error ?? null,
    cause: result.cause ?? null,
    stateTransitions: result.stateTransitions,
  };
}

async function modelReports(
  history: HistoryStore,
  result: ExecutionResult,
  tracker: ModelProgressTracker,
): Promise<ModelReport[]> {
  const { attempts } = await history.runHistory(result.name);
  return attempts.map((attempt) => {
    const line = tracker.get(attempt.customizationId);
    return {
      runId: result.name,
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
      stateTransitions: line?.stateTransitions ?? 0,
      simulatedSeconds: attempt.endedAt
        ? (Date.parse(attempt.endedAt) - Date.parse(attempt.startedAt)) / 1000
        : null,
    };
  });
}
