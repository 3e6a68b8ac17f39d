import { z } from 'zod';
import { unknownInstanceIssue } from '#core/contract/errors.js';
import { describeIssues } from '#core/contract/parse.js';
import { fleetStopReason } from '#core/fleet/fleet-records.js';
import { instanceIdOf, notStarted, unitRejection, validatedUnit } from '#core/unit/steps/after-validate.js';
import { upgradeUnitInputSchema } from '#core/unit/unit-input.js';
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
    const runId = execution.name;
    const now = deps.clock.now().toISOString();
    const parsed = upgradeUnitInputSchema.safeParse(input);
    const issues = parsed.success ? [] : describeIssues(parsed.error);
    if (parsed.success && !(await deps.knowsInstance(parsed.data.instanceId))) {
      issues.push(`instanceId: ${unknownInstanceIssue(parsed.data.instanceId)}`);
    }
    if (!parsed.success || issues.length > 0) {
      const error = unitRejection(issues);
      await deps.history.recordRejectedRun({
        runId,
        instanceId: instanceIdOf(input),
        rejectedAt: now,
        error: error.name,
        cause: error.message,
      });
      throw error;
    }
    const planned = validatedUnit(
      parsed.data,
      { runId, startedAt: now, executionArn: execution.id },
      deps.pollPolicy,
    );
    const fleetRun = planned.run.fleet && (await deps.history.fleet.getRun(planned.run.fleet.runId));
    const stop = fleetRun ? fleetStopReason(fleetRun) : null;
    const plan = stop ? notStarted(planned, stop) : planned;
    // Noted in the fleet's partition first, so a stopped fleet's closer finds every unit run it started.
    if (plan.run.fleet) {
      await deps.history.fleet.recordUnitRun({ fleet: plan.run.fleet, unitRunId: runId, startedAt: now });
    }
    await deps.history.startRun({
      runId,
      executionArn: execution.id,
      instanceId: plan.run.instanceId,
      trigger: plan.run.trigger,
      dryRun: plan.run.dryRun,
      startedAt: now,
      modelIds: [...plan.languageModels, ...plan.acousticModels].map((m) => m.customizationId),
    });
    return plan;
  };
}

export const handler = lambdaHandler(awsUnitDeps, validateUnit);
