import { unitModelIds } from '#core/fleet-plan.js';
import { type PlannedUnit, summarizeFleet as summarize } from '#core/fleet-summary.js';
import { summarizeFleetTaskSchema } from '#core/fleet-workflow.js';
import { parseOrThrow } from '#core/parse.js';
import { awsFleetRecordHandler, type FleetRecordDeps } from './runtime/fleet-deps.js';
import type { UnitHandler } from './runtime/unit-deps.js';

/**
 * Last state of a fleet run: counts the units' outcomes by kind, lists the failed units with each
 * failed model and its reason, and stores the summary on the fleet run record.
 */
export function summarizeFleet(deps: FleetRecordDeps): UnitHandler {
  return async (event) => {
    const { fleetRunId } = parseOrThrow(summarizeFleetTaskSchema, event, 'summarize-fleet input');
    const run = await deps.history.fleet.requireRun(fleetRunId);
    const outcomes = await deps.history.fleet.unitOutcomes(fleetRunId);
    // Pages are read only to name units that never reported: usually none.
    const planned: PlannedUnit[] = [];
    if (outcomes.length < run.plan.unitCount) {
      for (const page of await deps.history.fleet.pages(fleetRunId)) {
        if (page.page > run.plan.pageCount) continue;
        page.units.forEach((unit, item) => {
          planned.push({ page: page.page, item, instanceId: unit.instanceId, modelIds: unitModelIds(unit) });
        });
      }
    }
    const summary = summarize(run, outcomes, planned);
    await deps.history.fleet.finishRun(fleetRunId, summary, deps.clock.now().toISOString());
    return summary;
  };
}

export const handler = awsFleetRecordHandler(summarizeFleet);
