import { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import { EventBridgePublisher } from '#adapters/event-publisher.js';
import { SfnExecutionStarter } from '#adapters/execution-starter.js';
import { HistoryStore } from '#adapters/history-store/index.js';
import { releaseNotesReader } from '#adapters/release-notes-source.js';
import { systemClock } from '#adapters/system-clock.js';
import { parseOrThrow } from '#core/contract/parse.js';
import type { FleetInput } from '#core/fleet/fleet-input.js';
import { releaseNotesSourceSchema } from '#core/release/release-event.js';
import type { TriggerLog } from '#core/release/trigger-ports.js';
import { jsonVariable } from './json-variable.js';
import type { FleetTriggerDeps, TriggerHandler, WatcherDeps } from './trigger-deps.js';

/** The environment the stack gives the watcher. */
const watcherEnvironmentSchema = z.object({
  HISTORY_TABLE_NAME: z.string().min(1),
  EVENT_BUS_NAME: z.string().min(1).default('default'),
  RELEASE_NOTES_SOURCES: jsonVariable(z.array(releaseNotesSourceSchema).min(1)),
  ANNOUNCE_WITHIN_DAYS: z.coerce.number().int().min(1).default(30),
  FETCH_TIMEOUT_MS: z.coerce.number().int().min(1).max(300_000).optional(),
});

/** The environment the stack gives on-release and scan. */
const fleetTriggerEnvironmentSchema = z.object({
  FLEET_STATE_MACHINE_ARN: z.string().startsWith('arn:', 'must be a state machine ARN'),
  DRY_RUN: z.enum(['true', 'false']).default('false'),
});

function logTo(logger: Logger): TriggerLog {
  return (message, fields) => logger.info(message, fields);
}

export function buildAwsWatcherDeps(env: NodeJS.ProcessEnv): WatcherDeps {
  const config = parseOrThrow(watcherEnvironmentSchema, env, 'Lambda environment');
  return {
    sources: config.RELEASE_NOTES_SOURCES,
    readNotes: releaseNotesReader(
      config.FETCH_TIMEOUT_MS !== undefined ? { timeoutMs: config.FETCH_TIMEOUT_MS } : {},
    ),
    history: new HistoryStore({ tableName: config.HISTORY_TABLE_NAME }),
    publisher: new EventBridgePublisher({ eventBusName: config.EVENT_BUS_NAME }),
    clock: systemClock,
    announceWithinDays: config.ANNOUNCE_WITHIN_DAYS,
    log: logTo(new Logger({ serviceName: 'stt-model-upgrader' })),
  };
}

export function buildAwsFleetTriggerDeps(env: NodeJS.ProcessEnv): FleetTriggerDeps {
  const config = parseOrThrow(fleetTriggerEnvironmentSchema, env, 'Lambda environment');
  return {
    fleet: new SfnExecutionStarter<FleetInput>({ stateMachineArn: config.FLEET_STATE_MACHINE_ARN }),
    dryRun: config.DRY_RUN === 'true',
    log: logTo(new Logger({ serviceName: 'stt-model-upgrader' })),
  };
}

/** The Lambda entry point of a trigger handler: dependencies built at the first invocation, then kept. */
export function awsTriggerHandler<D>(
  build: (env: NodeJS.ProcessEnv) => D,
  make: (deps: D) => TriggerHandler,
): (event: unknown) => Promise<unknown> {
  let handle: TriggerHandler | undefined;
  return async (event) => {
    handle ??= make(build(process.env));
    return handle(event);
  };
}
