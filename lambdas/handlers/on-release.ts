import { parseOrThrow } from '#core/contract/parse.js';
import { fleetStartLog } from '#core/fleet/fleet-start-log.js';
import {
  BASE_MODEL_UPDATED,
  baseModelUpdatedEventSchema,
  fleetInputForRelease,
  releaseExecutionName,
} from '#core/release/release-event.js';
import { awsFleetTriggerDeps } from './runtime/aws-trigger-deps.js';
import { lambdaHandler } from './runtime/lambda-entry.js';
import type { FleetTriggerDeps, TriggerHandler } from './runtime/trigger-deps.js';

/**
 * Receives a `Base Model Updated` event (put by the watcher, or by hand; the shape is
 * `baseModelUpdatedDetailSchema` in core/release/release-event.ts) and starts the fleet run for the
 * announced base models, named `release-<entryId>`. A second delivery of the same event finds
 * the name taken (`ExecutionAlreadyExists`) and is a logged no-op.
 */
export function onRelease(deps: FleetTriggerDeps): TriggerHandler {
  return async (event) => {
    const { detail } = parseOrThrow(baseModelUpdatedEventSchema, event, `'${BASE_MODEL_UPDATED}' event`);
    const input = fleetInputForRelease(detail, { dryRun: deps.dryRun });
    const name = releaseExecutionName(detail.entryId);
    const start = await deps.fleet.start(input, name);
    const line = fleetStartLog(start, name, {
      started: { baseModels: input.baseModels },
      handledBefore: 'fleet run already started for this release entry',
    });
    deps.log(line.message, line.fields);
    return { name, ...start };
  };
}

export const handler = lambdaHandler(awsFleetTriggerDeps, onRelease);
