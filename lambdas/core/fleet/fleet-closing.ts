import type { FleetPage, FleetRun } from './fleet-records.js';
import type { PlannedUnit } from './fleet-summary.js';
import { unitModelIds } from './unit-selection.js';

/**
 * A fleet run's last state names the units that never reported; their pages are read only then,
 * usually never, since every unit reports its own outcome.
 */
export function unitsWentUnreported(run: Pick<FleetRun, 'plan'>, outcomesReported: number): boolean {
  return outcomesReported < run.plan.unitCount;
}

/** Every unit the plan's pages hold, by place; pages past the plan's count (a re-plan's leftovers) are ignored. */
export function plannedUnitsOf(pages: readonly FleetPage[], pageCount: number): PlannedUnit[] {
  return pages
    .filter((page) => page.page <= pageCount)
    .flatMap((page) =>
      page.units.map((unit, item) => ({
        page: page.page,
        item,
        instanceId: unit.instanceId,
        modelIds: unitModelIds(unit),
      })),
    );
}
