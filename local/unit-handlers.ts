import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { serviceName } from '#core/unit/upgrade-metrics.js';
import { accuracyWatch } from '#handlers/accuracy-watch.js';
import { checkModel } from '#handlers/check-model.js';
import { fetchUnitPage } from '#handlers/fetch-unit-page.js';
import { migrateFleet } from '#handlers/migrate-fleet.js';
import { migrateModel } from '#handlers/migrate-model.js';
import { planFleet } from '#handlers/plan-fleet.js';
import { pollUpgrade } from '#handlers/poll-upgrade.js';
import { recordFailure } from '#handlers/record-failure.js';
import {
  type FleetDeps,
  type FleetRecordDeps,
  fleetDeps,
  fleetRecordDeps,
} from '#handlers/runtime/fleet-deps.js';
import { handlerEntry } from '#handlers/runtime/lambda-entry.js';
import { type MigrationConfig, type MigrationDeps, migrationDeps } from '#handlers/runtime/migration-deps.js';
import { type UnitDeps, type UnitHandler, unitDeps } from '#handlers/runtime/unit-deps.js';
import { type VerifyDeps, verifyDeps } from '#handlers/runtime/verify-deps.js';
import { type WatchDeps, watchDeps } from '#handlers/runtime/watch-deps.js';
import type { Wiring } from '#handlers/runtime/wiring.js';
import { startUpgrade } from '#handlers/start-upgrade.js';
import { summarizeFleet } from '#handlers/summarize-fleet.js';
import { summarizeUnit } from '#handlers/summarize-unit.js';
import { validateUnit } from '#handlers/validate-unit.js';
import { verifyModel } from '#handlers/verify-model.js';
import type { HandlerName } from '#lib/constructs/handler-function.js';

/** Every concern's deps, built from local mode's wiring by the builders the Lambdas use. */
export interface LocalHandlerDeps {
  readonly unit: UnitDeps;
  readonly fleet: FleetDeps;
  readonly fleetRecords: FleetRecordDeps;
  readonly verify: VerifyDeps;
  readonly watch: WatchDeps;
  readonly migration: MigrationDeps;
}

/** What the stack would put in the functions' environment, for local mode. */
export interface LocalHandlerConfig extends MigrationConfig {
  readonly releaseNotesSources: readonly string[];
}

export function localHandlerDeps(wiring: Wiring, config: LocalHandlerConfig): LocalHandlerDeps {
  return {
    unit: unitDeps(wiring, config),
    fleet: fleetDeps(wiring, config),
    fleetRecords: fleetRecordDeps(wiring),
    verify: verifyDeps(wiring, config),
    watch: watchDeps(wiring),
    migration: migrationDeps(wiring, config),
  };
}

/** Every state machine handler by the file name the stack deploys it from; local mode runs them in-process. */
const unitHandlerFactories: Record<HandlerName, (deps: LocalHandlerDeps) => UnitHandler> = {
  'validate-unit': ({ unit }) => validateUnit(unit),
  'check-model': ({ unit }) => checkModel(unit),
  'start-upgrade': ({ unit }) => startUpgrade(unit),
  'poll-upgrade': ({ unit }) => pollUpgrade(unit),
  'record-failure': ({ unit }) => recordFailure(unit),
  'summarize-unit': ({ unit }) => summarizeUnit(unit),
  'verify-model': ({ verify }) => verifyModel(verify),
  'plan-fleet': ({ fleet }) => planFleet(fleet),
  'fetch-unit-page': ({ fleetRecords }) => fetchUnitPage(fleetRecords),
  'summarize-fleet': ({ fleetRecords }) => summarizeFleet(fleetRecords),
  'migrate-model': ({ migration }) => migrateModel(migration),
  'migrate-fleet': ({ migration }) => migrateFleet(migration),
  'accuracy-watch': ({ watch }) => accuracyWatch(watch),
};

/**
 * The state machines' handlers as local mode runs them: each behind the Lambdas' entry, with the
 * invocation log lines at `logLevel` (default none: local mode shows progress its own way) and no
 * tracing, since there is no X-Ray here.
 */
export function localHandlers(
  deps: LocalHandlerDeps,
  functions: Iterable<readonly [logicalId: string, name: HandlerName]>,
  logLevel: LogLevel = 'SILENT',
): Record<string, UnitHandler> {
  const powertools = {
    logger: new Logger({ serviceName, logLevel }),
    tracer: new Tracer({ serviceName, enabled: false }),
  };
  const handlers: Record<string, UnitHandler> = {};
  for (const [logicalId, name] of functions)
    handlers[logicalId] = handlerEntry(powertools, name, unitHandlerFactories[name](deps));
  return handlers;
}
