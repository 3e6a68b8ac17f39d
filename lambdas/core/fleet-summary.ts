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
  const units = {
    planned: run.plan.unitCount,
    succeeded: outcomes.length - failed.length,
    failed: failed.length,
    unreported: unreportedCount,
  };
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
    },
    opaqueVersions: run.plan.opaqueCount,
    failedUnits,
    unreachableInstances: unreachable.map((i) => ({ ...i })),
    unreportedUnits: unreported.slice(0, LISTED_MAX),
    message: messageOf(units, run.plan.opaqueCount, run.dryRun, unreachable.length),
  };
}

function messageOf(
  units: FleetSummary['units'],
  opaque: number,
  dryRun: boolean,
  unreachable: number,
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
  return `${dry}${parts.join(', ')}${opaqueNote}${unreachableNote}`;
}
