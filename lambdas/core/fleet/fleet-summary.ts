import {
  type FailedUnit,
  type FleetRun,
  type FleetSummary,
  type FleetUnitOutcome,
  LISTED_MAX,
  type UnreportedUnit,
} from './fleet-records.js';

/** A unit as planned, enough to name it when it never reported. */
export interface PlannedUnit {
  readonly page: number;
  readonly item: number;
  readonly instanceId: string;
  readonly modelIds: readonly string[];
}

const placeKey = (page: number, item: number) => `${page}/${item}`;

/**
 * The fleet's outcome from its units' outcomes. A planned unit without an outcome ended before its
 * summary state (its execution failed or was stopped): it counts as unreported, which is a failure
 * for the marker. `planned` is needed only when some unit did not report.
 */
export function summarizeFleet(
  run: Pick<FleetRun, 'fleetRunId' | 'dryRun' | 'plan'>,
  outcomes: readonly FleetUnitOutcome[],
  planned: readonly PlannedUnit[] = [],
): FleetSummary {
  const reported = new Set(outcomes.map((o) => placeKey(o.fleet.page, o.fleet.item)));
  const failed = outcomes.filter((o) => o.outcome === 'failed');
  const unreported: UnreportedUnit[] = planned
    .filter((unit) => !reported.has(placeKey(unit.page, unit.item)))
    .map((unit) => ({ ...unit, modelIds: [...unit.modelIds] }));
  const unreportedCount = Math.max(run.plan.unitCount - outcomes.length, unreported.length, 0);
  const failedUnits: FailedUnit[] = failed.slice(0, LISTED_MAX).map((o) => ({
    unitRunId: o.unitRunId,
    instanceId: o.instanceId,
    page: o.fleet.page,
    item: o.fleet.item,
    modelIds: [...o.modelIds],
    failures: o.failures.map((f) => ({ ...f })),
  }));
  const unreachable = run.plan.unreachableInstances;
  const sum = (pick: (o: FleetUnitOutcome) => number) => outcomes.reduce((total, o) => total + pick(o), 0);
  const notStarted = outcomes.filter((o) => o.notStarted !== undefined).length;
  const units = {
    planned: run.plan.unitCount,
    succeeded: outcomes.length - failed.length - notStarted,
    failed: failed.length,
    unreported: unreportedCount,
    notStarted,
  };
  const verification = {
    passed: sum((o) => o.verification.passed),
    regressed: sum((o) => o.verification.regressed),
    invalid: sum((o) => o.verification.invalid),
    unverified: sum((o) => o.verification.unverified),
  };
  const regressedUnits = outcomes.filter((o) => o.verification.regressed > 0).length;
  const limit = run.plan.maxRegressedUnits;
  const stoppedAfterRegressions =
    limit !== null && notStarted > 0 ? { regressedUnits, maxRegressedUnits: limit } : null;
  const status: FleetSummary['status'] =
    units.failed + units.unreported + unreachable.length > 0
      ? 'FleetHadFailures'
      : units.planned === 0
        ? 'NothingToUpgrade'
        : 'AllUnitsSucceeded';
  return {
    fleetRunId: run.fleetRunId,
    status,
    dryRun: run.dryRun,
    units,
    models: {
      upgraded: sum((o) => o.upgraded),
      skipped: sum((o) => o.skipped),
      failed: sum((o) => o.failures.length),
      verification,
    },
    stoppedAfterRegressions,
    opaqueVersions: run.plan.opaqueCount,
    failedUnits,
    unreachableInstances: unreachable.map((i) => ({ ...i })),
    unreportedUnits: unreported.slice(0, LISTED_MAX),
    message:
      messageOf(
        units,
        run.plan.opaqueCount,
        run.dryRun,
        unreachable.length,
        verification,
        stoppedAfterRegressions,
      ) + probeNote(run.plan.probe),
  };
}

/** What asking IBM cost: operators pay per minute of audio recognised. */
function probeNote(probe: FleetRun['plan']['probe']): string {
  if (!probe) return '';
  const failed = probe.failed > 0 ? `, ${probe.failed} could not be probed` : '';
  return `; probed ${probe.models} model(s) with IBM (${probe.audioMinutes.toFixed(2)} audio minutes): ${probe.behind} behind${failed}`;
}

function messageOf(
  units: FleetSummary['units'],
  opaque: number,
  dryRun: boolean,
  unreachable: number,
  verification: FleetSummary['models']['verification'],
  stopped: FleetSummary['stoppedAfterRegressions'],
): string {
  const opaqueNote =
    opaque > 0 ? `; ${opaque} model(s) with versions that cannot be ordered were left alone` : '';
  const dry = dryRun ? 'Dry run: ' : '';
  const unreachableNote = unreachable > 0 ? `; ${unreachable} instance(s) could not be listed` : '';
  if (units.planned === 0) {
    return `${dry}no custom model is behind its base model${opaqueNote}${unreachableNote}`;
  }
  const parts = [`${units.succeeded} of ${units.planned} unit(s) succeeded`];
  if (units.failed > 0) parts.push(`${units.failed} failed`);
  if (units.unreported > 0) parts.push(`${units.unreported} ended without an outcome`);
  if (stopped) {
    parts.push(
      `${units.notStarted} not started: the run stopped after ${stopped.regressedUnits} unit(s) regressed (maxRegressedUnits ${stopped.maxRegressedUnits})`,
    );
  }
  const verified = verification.passed + verification.regressed + verification.invalid;
  const verifiedNote =
    verified > 0
      ? `; verified ${verified} upgrade(s): ${verification.passed} passed, ${verification.regressed} regressed, ${verification.invalid} invalid`
      : '';
  return `${dry}${parts.join(', ')}${verifiedNote}${opaqueNote}${unreachableNote}`;
}
