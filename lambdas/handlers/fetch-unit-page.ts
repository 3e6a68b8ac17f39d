import { parseOrThrow } from '#core/contract/parse.js';
import { cursorAfter, type FleetPageState, fetchUnitPageTaskSchema } from '#core/fleet/page-cursor.js';
import { awsFleetRecordHandler, type FleetRecordDeps } from './runtime/fleet-deps.js';
import type { UnitHandler } from './runtime/unit-deps.js';

/** Reads the next page of a fleet run's units for the Distributed Map, and says whether another follows. */
export function fetchUnitPage(deps: FleetRecordDeps): UnitHandler {
  return async (event) => {
    const { fleetRunId, nextPage } = parseOrThrow(fetchUnitPageTaskSchema, event, 'fetch-unit-page input');
    const run = await deps.history.fleet.requireRun(fleetRunId);
    const page = await deps.history.fleet.getPage(fleetRunId, nextPage);
    const state: FleetPageState = {
      ...cursorAfter(fleetRunId, nextPage, run.plan.pageCount),
      page: nextPage,
      units: page.units,
    };
    return state;
  };
}

export const handler = awsFleetRecordHandler(fetchUnitPage);
