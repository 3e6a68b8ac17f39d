import { z } from 'zod';
import { EventBridgePublisher } from '#adapters/event-publisher.js';
import { SfnExecutionStarter } from '#adapters/execution-starter.js';
import type { FleetInput } from '#core/fleet/fleet-input.js';
import { releaseNotesSourceSchema } from '#core/release/release-event.js';
import type { TriggerLog } from '#core/release/trigger-ports.js';
import {
  awsHistoryWiring,
  awsRecordsWiring,
  historyEnvironmentSchema,
  parseEnvironment,
  recordsEnvironmentSchema,
} from './aws-wiring.js';
import { type CloserDeps, closerDeps } from './closer-deps.js';
import { type FleetRecordDeps, fleetRecordDeps } from './fleet-deps.js';
import { jsonVariable } from './json-variable.js';
import type { Powertools } from './lambda-entry.js';
import { type FleetTriggerDeps, type WatcherDeps, watcherDeps } from './trigger-deps.js';

// The functions that neither call IBM nor read the settings store: their deps need no secrets.

/** The watcher's lines go to the container's logger, beside the line each invocation logs. */
function logTo(powertools: Powertools): TriggerLog {
  return (message, fields) => powertools.logger.info(message, fields);
}

const watcherEnvironmentSchema = historyEnvironmentSchema.extend({
  EVENT_BUS_NAME: z.string().min(1).default('default'),
  RELEASE_NOTES_SOURCES: jsonVariable(z.array(releaseNotesSourceSchema).min(1)),
  ANNOUNCE_WITHIN_DAYS: z.coerce.number().int().min(1).default(30),
  FETCH_TIMEOUT_MS: z.coerce.number().int().min(1).max(300_000).optional(),
});

/** Deps of `watch-release-notes`. */
export function awsWatcherDeps(env: NodeJS.ProcessEnv, powertools: Powertools): WatcherDeps {
  const config = parseEnvironment(watcherEnvironmentSchema, env);
  return watcherDeps(
    { ...awsHistoryWiring(config), log: logTo(powertools) },
    {
      sources: config.RELEASE_NOTES_SOURCES,
      announceWithinDays: config.ANNOUNCE_WITHIN_DAYS,
      publisher: new EventBridgePublisher({ eventBusName: config.EVENT_BUS_NAME }),
      fetch: config.FETCH_TIMEOUT_MS !== undefined ? { timeoutMs: config.FETCH_TIMEOUT_MS } : {},
    },
  );
}

const fleetTriggerEnvironmentSchema = z.object({
  FLEET_STATE_MACHINE_ARN: z.string().startsWith('arn:', 'must be a state machine ARN'),
  DRY_RUN: z.enum(['true', 'false']).default('false'),
});

/** Deps of `on-release` and `scan`. */
export function awsFleetTriggerDeps(env: NodeJS.ProcessEnv, powertools: Powertools): FleetTriggerDeps {
  const config = parseEnvironment(fleetTriggerEnvironmentSchema, env);
  return {
    fleet: new SfnExecutionStarter<FleetInput>({ stateMachineArn: config.FLEET_STATE_MACHINE_ARN }),
    dryRun: config.DRY_RUN === 'true',
    log: logTo(powertools),
  };
}

const closerEnvironmentSchema = historyEnvironmentSchema.extend({
  FLEET_STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
});

/** Deps of `close-abandoned-run`. */
export function awsCloserDeps(env: NodeJS.ProcessEnv): CloserDeps {
  const config = parseEnvironment(closerEnvironmentSchema, env);
  return closerDeps(awsHistoryWiring(config), config.FLEET_STATE_MACHINE_ARN);
}

/** Deps of `fetch-unit-page` and `summarize-fleet`. */
export function awsFleetRecordDeps(env: NodeJS.ProcessEnv): FleetRecordDeps {
  return fleetRecordDeps(awsRecordsWiring(parseEnvironment(recordsEnvironmentSchema, env)));
}
