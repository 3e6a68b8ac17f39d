import { z } from 'zod';
import { instanceIdOf } from '#core/unit/steps/after-validate.js';
import { unitInputVerdict, unitStart } from '#core/unit/unit-opening.js';
import { awsUnitDeps } from './runtime/aws-deps.js';
import { lambdaHandler } from './runtime/lambda-entry.js';
import type { UnitDeps, UnitHandler } from './runtime/unit-deps.js';

const eventSchema = z.object({
  input: z.unknown(),
  execution: z.object({
    id: z.string().min(1).optional(),
    name: z.string().min(1),
    startTime: z.string().optional(),
  }),
});

/**
 * First state of a unit: rejects bad input before any call to IBM, with a history record of the
 * rejection, and turns good input into the plan the model branches run on.
 */
export function validateUnit(deps: UnitDeps): UnitHandler {
  return async (event) => {
    const { input, execution } = eventSchema.parse(event);
    const unit = {
      runId: execution.name,
      startedAt: deps.clock.now().toISOString(),
      executionArn: execution.id,
    };
    const verdict = unitInputVerdict(input, await deps.knowsInstance(instanceIdOf(input)), unit);
    if ('rejected' in verdict) {
      await deps.history.recordRejectedRun(verdict.record);
      throw verdict.rejected;
    }
    const fleetRun =
      verdict.accepted.fleet && (await deps.history.fleet.getRun(verdict.accepted.fleet.runId));
    const start = unitStart(verdict.accepted, unit, fleetRun || undefined, deps.pollPolicy);
    if (start.fleetUnitRun) await deps.history.fleet.recordUnitRun(start.fleetUnitRun);
    await deps.history.startRun(start.run);
    return start.plan;
  };
}

export const handler = lambdaHandler(awsUnitDeps, validateUnit);
