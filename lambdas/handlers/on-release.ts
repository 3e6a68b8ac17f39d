import { parseOrThrow } from '#core/contract/parse.js';
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
    if (start.started) {
      deps.log('fleet run started', { name, executionArn: start.executionArn, baseModels: input.baseModels });
    } else {
      deps.log('fleet run already started for this release entry; nothing to do', {
        name,
        reason: start.reason,
        detail: start.message,
      });
    }
    return { name, ...start };
  };
}

export const handler = lambdaHandler(awsFleetTriggerDeps, onRelease);
