import type { Notice } from '../contract/notifier.js';
import type { FleetUnitOutcome } from '../fleet/fleet-records.js';
import type { VerificationRecord } from '../verification/verification-record.js';
import { regressionNotice } from '../verification/verification-summary.js';
import type { RunContext } from './unit-state.js';
import { type AttemptOutcome, summarizeUnit, type UnitOutput, unitOutput } from './unit-summary.js';
import {
  type AttemptFigures,
  type MetricPoint,
  unitMetricPoints,
  verificationMetricPoints,
} from './upgrade-metrics.js';

/** Most characters of one failed model's cause in the fleet's record of a unit; the unit's history keeps it whole. */
export const FLEET_FAILURE_CAUSE_MAX_CHARS = 500;

/** What a unit's last state records and sends once its models are done. */
export interface UnitClosing {
  /** The runs's end, as its record stores it. */
  readonly runEnd: {
    readonly outcome: 'succeeded' | 'failed';
    readonly endedAt: string;
    readonly error?: string;
    readonly cause?: string;
  };
  /** Models whose claims this run gives up: every model it has an attempt for. */
  readonly releaseClaimsOf: readonly string[];
  /** Regressions to tell, before the run is closed, so that a retry after a failed notice tells again. */
  readonly notices: readonly Notice[];
  /** Counted once per unit, from the finished attempts: retried tasks never count twice. */
  readonly metrics: readonly MetricPoint[];
  /** The unit's outcome as its fleet adds it up; null outside a fleet. */
  readonly fleetOutcome: Omit<FleetUnitOutcome, 'type'> | null;
  readonly output: UnitOutput;
}

/**
 * A unit's end, from its attempts and verifications as the history holds them. Regressions are told
 * only while the run is still recorded running: a retry of this state after the run was closed tells
 * no one twice.
 */
export function closeUnit(input: {
  readonly run: RunContext;
  readonly storedOutcome: string | undefined;
  readonly attempts: readonly (AttemptOutcome & AttemptFigures)[];
  readonly verifications: readonly VerificationRecord[];
  readonly endedAt: string;
}): UnitClosing {
  const { run, attempts, verifications, endedAt } = input;
  const summary = summarizeUnit(run.runId, attempts, verifications);
  const notices =
    input.storedOutcome === 'running'
      ? verifications.filter((v) => v.outcome === 'regressed').map(regressionNotice)
      : [];
  return {
    runEnd: {
      outcome: summary.outcome,
      endedAt,
      ...(summary.error ? { error: summary.error } : {}),
      ...(summary.cause ? { cause: summary.cause } : {}),
    },
    releaseClaimsOf: attempts.map((attempt) => attempt.customizationId),
    notices,
    metrics: [...unitMetricPoints(attempts), ...verificationMetricPoints(verifications)],
    fleetOutcome: run.fleet
      ? {
          fleet: run.fleet,
          unitRunId: run.runId,
          instanceId: run.instanceId,
          modelIds: attempts.map((a) => a.customizationId),
          outcome: summary.outcome,
          upgraded: summary.upgraded.length,
          skipped: summary.skipped.length,
          failures: summary.failed.map((f) => ({
            ...f,
            cause: f.cause.slice(0, FLEET_FAILURE_CAUSE_MAX_CHARS),
          })),
          verification: summary.verification,
          ...(run.notStarted ? { notStarted: run.notStarted } : {}),
          endedAt,
        }
      : null,
    output: unitOutput(summary),
  };
}
