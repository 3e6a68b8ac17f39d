import { checkModel } from '../lambdas/handlers/check-model.js';
import { fetchUnitPage } from '../lambdas/handlers/fetch-unit-page.js';
import { planFleet } from '../lambdas/handlers/plan-fleet.js';
import { pollUpgrade } from '../lambdas/handlers/poll-upgrade.js';
import { recordFailure } from '../lambdas/handlers/record-failure.js';
import type { FleetDeps } from '../lambdas/handlers/runtime/fleet-deps.js';
import type { UnitHandler } from '../lambdas/handlers/runtime/unit-deps.js';
import { startUpgrade } from '../lambdas/handlers/start-upgrade.js';
import { summarizeFleet } from '../lambdas/handlers/summarize-fleet.js';
import { summarizeUnit } from '../lambdas/handlers/summarize-unit.js';
import { validateUnit } from '../lambdas/handlers/validate-unit.js';
import type { HandlerName } from '../lib/constructs/handler-function.js';

/** Every upgrade-unit handler by the file name the stack deploys it from; local mode runs them in-process. */
export const unitHandlerFactories: Record<HandlerName, (deps: FleetDeps) => UnitHandler> = {
  'validate-unit': validateUnit,
  'check-model': checkModel,
  'start-upgrade': startUpgrade,
  'poll-upgrade': pollUpgrade,
  'record-failure': recordFailure,
  'summarize-unit': summarizeUnit,
  'plan-fleet': planFleet,
  'fetch-unit-page': fetchUnitPage,
  'summarize-fleet': summarizeFleet,
};
