import { z } from 'zod';
import { InvalidInputError } from '#core/errors.js';
import { describeIssues } from '#core/parse.js';
import { pollBudget } from '#core/poll-policy.js';
import type { ModelRef, UnitPlan } from '#core/unit-workflow.js';
import { upgradeUnitInputSchema } from '#core/upgrade-unit.js';
import { awsUnitHandler } from './runtime/aws-unit-deps.js';
import type { UnitDeps, UnitHandler } from './runtime/unit-deps.js';

const eventSchema = z.object({
  input: z.unknown(),
  execution: z.object({ name: z.string().min(1), startTime: z.string().optional() }),
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
    if (parsed.success && !deps.knowsInstance(parsed.data.instanceId)) {
      issues.push(`instanceId: no STT instance '${parsed.data.instanceId}' is configured`);
    }
    if (!parsed.success || issues.length > 0) {
      const error = new InvalidInputError('Upgrade unit input', issues);
      await deps.history.recordRejectedRun({
        runId,
        instanceId: instanceIdOf(input),
        rejectedAt: now,
        error: error.name,
        cause: error.message,
      });
      throw error;
    }
    const unit = parsed.data;
    const languageModels: ModelRef[] = unit.languageModelId
      ? [
          {
            kind: 'language',
            customizationId: unit.languageModelId,
            trainedWithLanguageModel: false,
            languageModelId: null,
          },
        ]
      : [];
    const acousticModels: ModelRef[] = unit.acousticModels.map((model) => ({
      kind: 'acoustic',
      customizationId: model.customizationId,
      trainedWithLanguageModel: model.trainedWithLanguageModel,
      languageModelId: model.trainedWithLanguageModel ? (unit.languageModelId ?? null) : null,
    }));
    const upgradeSteps =
      languageModels.length +
      acousticModels.reduce((steps, m) => steps + (m.trainedWithLanguageModel ? 2 : 1), 0);
    const { dryRun, ...options } = unit.options;
    const plan: UnitPlan = {
      run: {
        runId,
        instanceId: unit.instanceId,
        trigger: unit.trigger,
        dryRun,
        startedAt: now,
        ...(unit.fleet ? { fleet: unit.fleet } : {}),
      },
      options: { ...options, pollBudgetPerStep: pollBudget({ upgradeSteps }, deps.pollPolicy).pollsPerStep },
      languageModels,
      acousticModels,
    };
    await deps.history.startRun({
      runId,
      instanceId: unit.instanceId,
      trigger: unit.trigger,
      dryRun,
      startedAt: now,
      modelIds: [...languageModels, ...acousticModels].map((m) => m.customizationId),
    });
    return plan;
  };
}

/** Best effort, for the rejection record only: the instance id as given, if it is a string. */
function instanceIdOf(input: unknown): string {
  if (
    typeof input === 'object' &&
    input !== null &&
    'instanceId' in input &&
    typeof input.instanceId === 'string'
  ) {
    return input.instanceId.slice(0, 64);
  }
  return 'unknown';
}

export const handler = awsUnitHandler(validateUnit);
