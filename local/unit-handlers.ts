import { accuracyWatch } from '#handlers/accuracy-watch.js';
import { checkModel } from '#handlers/check-model.js';
import { fetchUnitPage } from '#handlers/fetch-unit-page.js';
import { migrateFleet } from '#handlers/migrate-fleet.js';
import { migrateModel } from '#handlers/migrate-model.js';
import { planFleet } from '#handlers/plan-fleet.js';
import { pollUpgrade } from '#handlers/poll-upgrade.js';
import { recordFailure } from '#handlers/record-failure.js';
import type { FleetDeps } from '#handlers/runtime/fleet-deps.js';
import type { MigrationDeps } from '#handlers/runtime/migration-deps.js';
import type { UnitHandler } from '#handlers/runtime/unit-deps.js';
import type { VerifyDeps } from '#handlers/runtime/verify-deps.js';
import type { WatchDeps } from '#handlers/runtime/watch-deps.js';
import { startUpgrade } from '#handlers/start-upgrade.js';
import { summarizeFleet } from '#handlers/summarize-fleet.js';
import { summarizeUnit } from '#handlers/summarize-unit.js';
import { validateUnit } from '#handlers/validate-unit.js';
import { verifyModel } from '#handlers/verify-model.js';
import type { HandlerName } from '#lib/constructs/handler-function.js';

/** What local mode gives every handler: the unit and fleet handlers' needs, and verification's. */
export type LocalHandlerDeps = FleetDeps & VerifyDeps & MigrationDeps & WatchDeps;

/** Every state machine handler by the file name the stack deploys it from; local mode runs them in-process. */
export const unitHandlerFactories: Record<HandlerName, (deps: LocalHandlerDeps) => UnitHandler> = {
  'validate-unit': validateUnit,
  'check-model': checkModel,
  'start-upgrade': startUpgrade,
  'poll-upgrade': pollUpgrade,
  'record-failure': recordFailure,
  'summarize-unit': summarizeUnit,
  'verify-model': verifyModel,
  'plan-fleet': planFleet,
  'fetch-unit-page': fetchUnitPage,
  'summarize-fleet': summarizeFleet,
  'migrate-model': migrateModel,
  'migrate-fleet': migrateFleet,
  'accuracy-watch': accuracyWatch,
};
