import type { HistoryStore } from '#adapters/history-store/index.js';
import type { SkipReason } from '#core/unit/upgrade-decision.js';
import { skipKeyOf } from '#core/unit/upgrade-metrics.js';
import {
  countVerifications,
  type VerificationCounts,
  type VerificationRecord,
} from '#core/verification/index.js';
import type { ModelProgressTracker } from './model-progress-tracker.js';

/** One model's line of a local run's report, from its history record and the executions. */
export interface ModelReport {
  readonly runId: string;
  readonly customizationId: string;
  readonly kind: string;
  readonly name: string;
  readonly outcome: string;
  readonly reason: string | null;
  /** A skip's stable key, as recorded. */
  readonly skipKey?: SkipReason | undefined;
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

export function summarizeModels(models: readonly ModelReport[]): RunReport['summary'] {
  const skipped: Record<string, number> = {};
  for (const model of models) {
    if (model.outcome !== 'skipped') continue;
    const code = skipKeyOf(model);
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
    ...(attempt.skipKey ? { skipKey: attempt.skipKey } : {}),
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
