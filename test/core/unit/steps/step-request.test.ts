import { describe, expect, it } from 'vitest';
import { ErrorName, UpgraderError } from '#core/contract/errors.js';
import { UpgradeStep } from '#core/contract/workflow-contract.js';
import { sizingReadOf, stepRequestOf } from '#core/unit/steps/step-request.js';
import type { StartUpgradeTask } from '#core/unit/unit-state.js';
import {
  acousticModelId,
  acousticRef,
  languageModelId,
  languageRef,
  modelTask,
  requestedProgress,
} from './unit-step-fixtures.js';

function startTask(
  model: StartUpgradeTask['model'],
  step: StartUpgradeTask['step'],
  extra: { force?: boolean; strict?: boolean; baseModelName?: string } = {},
): StartUpgradeTask {
  const progress = requestedProgress({ baseModelName: extra.baseModelName ?? 'en-US_BroadbandModel' });
  const task = modelTask(model, progress);
  return {
    ...task,
    options: { ...task.options, strictTraining: extra.strict ?? true },
    progress,
    step,
    force: extra.force ?? false,
  };
}

describe('stepRequestOf', () => {
  it.each([
    {
      name: 'a language model is upgraded',
      task: startTask(languageRef(), UpgradeStep.Upgrade),
      platform: 'cloud',
      request: { call: 'upgrade-language-model', customizationId: languageModelId },
    },
    {
      name: 'an acoustic model is upgraded alone first',
      task: startTask(acousticRef(true), UpgradeStep.Upgrade),
      platform: 'cloud',
      request: { call: 'upgrade-acoustic-model', customizationId: acousticModelId },
    },
    {
      name: 'then again with its language model',
      task: startTask(acousticRef(true), UpgradeStep.UpgradeWithLanguageModel),
      platform: 'cloud',
      request: {
        call: 'upgrade-acoustic-model',
        customizationId: acousticModelId,
        options: { customLanguageModelId: languageModelId },
      },
    },
    {
      name: 'with force only when the task says so',
      task: startTask(acousticRef(true), UpgradeStep.UpgradeWithLanguageModel, { force: true }),
      platform: 'cloud',
      request: {
        call: 'upgrade-acoustic-model',
        customizationId: acousticModelId,
        options: { customLanguageModelId: languageModelId, force: true },
      },
    },
    {
      name: 'a retrain on IBM Cloud trains with force',
      task: startTask(languageRef(), UpgradeStep.Retrain),
      platform: 'cloud',
      request: { call: 'train-language-model', customizationId: languageModelId, options: { force: true } },
    },
    {
      name: 'a retrain on Cloud Pak for Data has no force; strict off only on the operator word',
      task: startTask(languageRef(), UpgradeStep.Retrain, { strict: false }),
      platform: 'cloud-pak',
      request: { call: 'train-language-model', customizationId: languageModelId, options: { strict: false } },
    },
  ] as const)('$name', ({ task, platform, request }) => {
    expect(stepRequestOf(task, platform)).toEqual(request);
  });

  it('refuses the with-language-model step of a model with no language model to pair, naming the model', () => {
    const task = startTask(acousticRef(false), UpgradeStep.UpgradeWithLanguageModel);
    const request = () => stepRequestOf(task, 'cloud');
    expect(request).toThrow(UpgraderError);
    expect(request).toThrow(expect.objectContaining({ name: ErrorName.RequestRejected }));
    expect(request).toThrow(`acoustic model ${acousticModelId}: no language model to upgrade with`);
  });
});

describe('sizingReadOf', () => {
  it.each([
    { base: 'en-US_BroadbandModel', grammars: true },
    { base: 'en-US', grammars: false },
  ])(
    "a language model's words are read, with grammars where $base has them: $grammars",
    ({ base, grammars }) => {
      const task = startTask(languageRef(), UpgradeStep.Upgrade, { baseModelName: base });
      expect(sizingReadOf(task)).toEqual({
        read: 'language-resources',
        customizationId: languageModelId,
        listing: { grammars },
      });
    },
  );

  it("an acoustic model's audio is read", () => {
    expect(sizingReadOf(startTask(acousticRef(false), UpgradeStep.Upgrade))).toEqual({
      read: 'audio',
      customizationId: acousticModelId,
    });
  });
});
