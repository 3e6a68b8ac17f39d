import { VerificationTranscripts } from '#adapters/object-store/index.js';
import { publishFleetRunReport } from '#adapters/report/index.js';
import { parseOrThrow } from '#core/contract/parse.js';
import { type PlannedUnit, summarizeFleet as summarize } from '#core/fleet/fleet-summary.js';
import { summarizeFleetTaskSchema } from '#core/fleet/page-cursor.js';
import { unitModelIds } from '#core/fleet/unit-selection.js';
import { fleetRunWantsReport } from '#core/report/index.js';
import { awsFleetRecordDeps } from './runtime/aws-trigger-deps.js';
import type { FleetRecordDeps } from './runtime/fleet-deps.js';
import { lambdaHandler } from './runtime/lambda-entry.js';
import type { UnitHandler } from './runtime/unit-deps.js';

/**
 * Last state of a fleet run: counts the units' outcomes by kind, lists the failed units with each
 * failed model and its reason, writes the run's HTML report to the bucket (where there is one) and
 * stores the summary, with the report's address, on the fleet run record.
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
    const { bucket } = deps;
    const report =
      bucket && fleetRunWantsReport(summary)
        ? await publishFleetRunReport(
            { history: deps.history, transcripts: new VerificationTranscripts(bucket), bucket },
            fleetRunId,
            summary,
            deps.clock.now(),
          )
        : undefined;
    const closed = report ? { ...summary, report } : summary;
    await deps.history.fleet.finishRun(fleetRunId, closed, deps.clock.now().toISOString());
    return closed;
  };
}

export const handler = lambdaHandler(awsFleetRecordDeps, summarizeFleet);
