import { z } from 'zod';
import { parseOrThrow } from '#core/contract/parse.js';
import { fleetStartLog } from '#core/fleet/fleet-start-log.js';
import { fleetInputForSchedule, scheduleDate, scheduleExecutionName } from '#core/release/release-event.js';
import { awsFleetTriggerDeps } from './runtime/aws-trigger-deps.js';
import { lambdaHandler } from './runtime/lambda-entry.js';
import type { FleetTriggerDeps, TriggerHandler } from './runtime/trigger-deps.js';

/**
 * What the scan schedule sends: EventBridge Scheduler fills in `<aws.scheduler.scheduled-time>`,
 * the time the run was due (not when it was delivered), so a retried or late delivery keeps its date.
 */
export const scanEventSchema = z.looseObject({
  scheduledTime: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time' }),
});

/**
 * On the scan schedule: starts a fleet run over every configured instance, named
 * `schedule-<YYYY-MM-DD>` after the UTC date of the scheduled time. A re-delivered schedule
 * finds the name taken and is a logged no-op.
 */
export function scan(deps: FleetTriggerDeps): TriggerHandler {
  return async (event) => {
    const { scheduledTime } = parseOrThrow(scanEventSchema, event, 'scan schedule event');
    const due = new Date(scheduledTime);
    const input = fleetInputForSchedule(due, { dryRun: deps.dryRun });
    const name = scheduleExecutionName(scheduleDate(due));
    const start = await deps.fleet.start(input, name);
    const line = fleetStartLog(start, name, {
      started: { dryRun: deps.dryRun },
      handledBefore: 'scheduled scan of this date already started',
    });
    deps.log(line.message, line.fields);
    return { name, ...start };
  };
}

export const handler = lambdaHandler(awsFleetTriggerDeps, scan);
