import type { HistoryStore } from '#adapters/history-store/index.js';
import type { Clock } from '#core/contract/clock.js';
import type { FleetInput } from '#core/fleet/fleet-input.js';
import { fleetSummarySchema } from '#core/fleet/fleet-records.js';
import type { CustomModel } from '#core/model/custom-model.js';
import { skipReasonText } from '#core/unit/upgrade-decision.js';
import {
  countVerifications,
  type VerificationCounts,
  type VerificationRecord,
} from '#core/verification/index.js';
import type { ExecutionResult } from '#local/executor/index.js';
import { type LocalRun, requireSucceeded, selectedBy } from '#local/local-fleet-run.js';
import type { LocalUpgrader } from '#local/local-upgrader.js';
import type { ModelProgressTracker } from '#local/model-progress-tracker.js';

/** One model's line of a local run's report, from its history record and the executions. */
export interface ModelReport {
  readonly runId: string;
  readonly customizationId: string;
  readonly kind: string;
  readonly name: string;
  readonly outcome: string;
  readonly reason: string | null;
  readonly error: string | null;
  readonly versionBefore: string | null;
  readonly versionAfter: string | null;
  readonly steps: readonly string[];
  readonly polls: number;
  readonly retries: number;
  readonly stateTransitions: number;
  readonly simulatedSeconds: number | null;
  /** How the upgrade compared with the old version on the model's test set; null: not verified. */
  readonly verification: VerificationRecord | null;
}

export interface UnitReport {
  readonly runId: string;
  readonly status: string;
  readonly error: string | null;
  readonly cause: string | null;
  readonly stateTransitions: number;
}

/** The fleet run that upgraded the units. */
export interface FleetReport {
  readonly fleetRunId: string;
  readonly trigger: string;
  readonly status: string;
  readonly message: string;
  /** Where the run's HTML report was written, or why it was not; null where no bucket is configured. */
  readonly report: { readonly uri: string } | { readonly notWritten: string } | null;
}

/** A model of the instance the fleet did not plan: nothing announced says it is behind. */
export interface NotPlannedModel {
  readonly customizationId: string;
  readonly kind: string;
  readonly name: string;
  readonly version: string | null;
}

/** What a local fleet run did, model by model: `npm start` and `stt-upgrader upgrade` print it. */
export interface RunReport {
  readonly fleet: FleetReport;
  readonly notPlanned: readonly NotPlannedModel[];
  readonly units: readonly UnitReport[];
  readonly models: readonly ModelReport[];
  readonly summary: {
    readonly upgraded: number;
    readonly skipped: Readonly<Record<string, number>>;
    readonly failed: number;
    /** Verifications recorded for the run's upgrades, by outcome (none where no test sets are configured). */
    readonly verification: VerificationCounts;
  };
  readonly simulatedSeconds: number;
  readonly wallSeconds: number;
  /** Runs already in the history table before this one started. */
  readonly earlierRuns: number;
}

/** The skip reason's code for a recorded reason text, so summaries stay one line. */
function skipReasonCode(reason: string | null): string {
  const entry = Object.entries(skipReasonText).find(([, text]) => reason?.startsWith(text));
  return entry ? entry[0] : (reason ?? 'unknown');
}

export function summarizeModels(models: readonly ModelReport[]): RunReport['summary'] {
  const skipped: Record<string, number> = {};
  for (const model of models) {
    if (model.outcome !== 'skipped') continue;
    const code = skipReasonCode(model.reason);
    skipped[code] = (skipped[code] ?? 0) + 1;
  }
  return {
    upgraded: models.filter((m) => m.outcome === 'upgraded').length,
    skipped,
    failed: models.filter((m) => m.outcome === 'failed').length,
    verification: countVerifications(models.flatMap((m) => (m.verification ? [m.verification] : []))),
  };
}

/** Measures a local run: wall time, simulated time, and how much history there was before it. */
export async function measured(
  history: HistoryStore,
  nowMs: () => number,
  work: () => Promise<{ units: UnitReport[]; fleet: FleetReport; notPlanned: NotPlannedModel[] }>,
  tracker: ModelProgressTracker,
): Promise<RunReport> {
  const earlierRuns = (await history.listRuns()).filter((listed) => listed.kind === 'unit').length;
  const wallStart = Date.now();
  const simulatedStart = nowMs();
  const { units, fleet, notPlanned } = await work();
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

async function modelReports(
  history: HistoryStore,
  runId: string,
  tracker: ModelProgressTracker,
): Promise<ModelReport[]> {
  const [{ attempts }, verifications] = await Promise.all([
    history.runHistory(runId),
    history.verification.ofRun(runId),
  ]);
  const verificationOf = new Map(verifications.map((record) => [record.customizationId, record]));
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
    verification: verificationOf.get(attempt.customizationId) ?? null,
  }));
}

/**
 * Runs the fleet (a dry run if the input says so) and reports every model's outcome: what
 * `npm start --service-url` and `stt-upgrader upgrade` print.
 */
export async function upgradeLocally(
  run: LocalRun,
  input: FleetInput,
  name: string,
  clock: Clock,
): Promise<RunReport> {
  const { upgrader, tracker, models } = run;
  return measured(
    upgrader.history,
    () => clock.now().getTime(),
    async () => {
      const fleet = requireSucceeded(await upgrader.runFleet(input, { name }));
      return fleetUnits(upgrader, fleet, tracker, models, selectedBy(input));
    },
    tracker,
  );
}

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
