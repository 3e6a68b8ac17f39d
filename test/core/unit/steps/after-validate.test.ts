import { describe, expect, it } from 'vitest';
import { ErrorName } from '#core/contract/errors.js';
import { defaultPollPolicy } from '#core/unit/poll-policy.js';
import { instanceIdOf, notStarted, unitRejection, validatedUnit } from '#core/unit/steps/after-validate.js';
import { upgradeUnitInputSchema } from '#core/unit/unit-input.js';
import { acousticModelId, languageModelId, startedAt } from './unit-step-fixtures.js';

const secondAcousticId = '33333333-3333-4333-8333-333333333333';
const execution = { runId: 'run-1', startedAt };

function unit(
  acousticModels: { customizationId: string; trainedWithLanguageModel: boolean }[],
  withLanguageModel = true,
) {
  return upgradeUnitInputSchema.parse({
    instanceId: 'cloud-1',
    ...(withLanguageModel && { languageModelId }),
    acousticModels,
    options: { dryRun: true },
  });
}

describe('validatedUnit', () => {
  it('puts the language model first and pairs only the acoustic models trained with it', () => {
    const plan = validatedUnit(
      unit([
        { customizationId: acousticModelId, trainedWithLanguageModel: true },
        { customizationId: secondAcousticId, trainedWithLanguageModel: false },
      ]),
      execution,
      defaultPollPolicy,
    );
    expect(plan.languageModels).toEqual([
      {
        kind: 'language',
        customizationId: languageModelId,
        trainedWithLanguageModel: false,
        languageModelId: null,
      },
    ]);
    expect(plan.acousticModels.map((model) => model.languageModelId)).toEqual([languageModelId, null]);
    expect(plan.run).toMatchObject({ runId: 'run-1', instanceId: 'cloud-1', dryRun: true, startedAt });
    expect(plan.options).not.toHaveProperty('dryRun');
  });

  it('runs no language-model branch for a lone acoustic model', () => {
    const plan = validatedUnit(
      unit([{ customizationId: acousticModelId, trainedWithLanguageModel: false }], false),
      execution,
      defaultPollPolicy,
    );
    expect(plan.languageModels).toEqual([]);
  });

  it('gives each step fewer polls the more steps the unit has', () => {
    const small = validatedUnit(unit([]), execution, defaultPollPolicy);
    const large = validatedUnit(
      unit(
        Array.from({ length: 10 }, (_, index) => ({
          customizationId: `44444444-4444-4444-8444-${String(index).padStart(12, '0')}`,
          trainedWithLanguageModel: true,
        })),
      ),
      execution,
      defaultPollPolicy,
    );
    expect(large.options.pollBudgetPerStep).toBeLessThan(small.options.pollBudgetPerStep);
  });

  it('carries the fleet reference of a fleet unit', () => {
    const input = { ...unit([]), fleet: { runId: 'release-abc', page: 1, item: 3 } };
    expect(validatedUnit(input, execution, defaultPollPolicy).run.fleet).toEqual({
      runId: 'release-abc',
      page: 1,
      item: 3,
    });
  });
});

describe('a rejected or stopped unit', () => {
  it('names every problem in one InvalidInput error', () => {
    const error = unitRejection(['instanceId: required', 'acousticModels.0: not a UUID']);
    expect(error.name).toBe(ErrorName.InvalidInput);
    expect(error.message).toBe(
      'Upgrade unit input is invalid: instanceId: required; acousticModels.0: not a UUID',
    );
  });

  it.each([
    [{ instanceId: 'cloud-1' }, 'cloud-1'],
    [{ instanceId: 7 }, 'unknown'],
    ['not an object', 'unknown'],
    [null, 'unknown'],
    [{ instanceId: 'x'.repeat(100) }, 'x'.repeat(64)],
  ])('records the instance of %j as %s', (input, instanceId) => {
    expect(instanceIdOf(input)).toBe(instanceId);
  });

  it('touches no model once its fleet stopped, and says why', () => {
    const plan = validatedUnit(
      unit([{ customizationId: acousticModelId, trainedWithLanguageModel: true }]),
      execution,
      defaultPollPolicy,
    );
    const stopped = notStarted(plan, 'the fleet stopped at 3 regressed units');
    expect(stopped.languageModels).toEqual([]);
    expect(stopped.acousticModels).toEqual([]);
    expect(stopped.run.notStarted).toBe('the fleet stopped at 3 regressed units');
  });
});
