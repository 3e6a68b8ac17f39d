import { InvalidInputError } from '../../contract/errors.js';
import { verificationBatchCap } from '../../verification/history-budget.js';
import { type PollPolicy, pollBudget } from '../poll-policy.js';
import type { UpgradeUnitInput } from '../unit-input.js';
import type { ModelRef, ValidatedUnit } from '../unit-state.js';

/**
 * The plan the model branches run on: zero or one language model, then the acoustic models, each
 * knowing whether it was trained with the language model, and a poll budget per step and a cap on
 * each verification's batches that keep the whole execution under Step Functions' history limit.
 */
export function validatedUnit(
  unit: UpgradeUnitInput,
  execution: {
    readonly runId: string;
    readonly startedAt: string;
    readonly executionArn?: string | undefined;
  },
  policy: PollPolicy,
): ValidatedUnit {
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
  const upgradeSteps = [...languageModels, ...acousticModels].reduce(
    (steps, model) => steps + (model.trainedWithLanguageModel ? 2 : 1),
    0,
  );
  const { dryRun, ...options } = unit.options;
  return {
    run: {
      runId: execution.runId,
      ...(execution.executionArn ? { executionArn: execution.executionArn } : {}),
      instanceId: unit.instanceId,
      trigger: unit.trigger,
      dryRun,
      startedAt: execution.startedAt,
      ...(unit.fleet ? { fleet: unit.fleet } : {}),
    },
    options: {
      ...options,
      pollBudgetPerStep: pollBudget({ upgradeSteps }, policy).pollsPerStep,
      verificationBatchesPerModel: verificationBatchCap(languageModels.length + acousticModels.length),
    },
    languageModels,
    acousticModels,
  };
}

/** The error a rejected unit fails with, naming every problem with its input. */
export function unitRejection(issues: readonly string[]): InvalidInputError {
  return new InvalidInputError('Upgrade unit input', issues);
}

/** Best effort, for the rejection record only: the instance id as given, if it is a string. */
export function instanceIdOf(input: unknown): string {
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

/** A unit of a fleet that has stopped starting units: it touches no model and records why. */
export function notStarted(plan: ValidatedUnit, reason: string): ValidatedUnit {
  return { ...plan, run: { ...plan.run, notStarted: reason }, languageModels: [], acousticModels: [] };
}
