import { describe, expect, it } from 'vitest';
import { ErrorName } from '#core/contract/workflow-contract.js';
import { missingLanguageModel, retrainSettingsFor } from '#core/unit/steps/start-step.js';
import type { StartUpgradeTask } from '#core/unit/unit-state.js';

describe('what the start step is given', () => {
  it.each([
    { run: false, instance: false, platform: 'cloud', optedIn: false },
    { run: true, instance: false, platform: 'cloud-pak', optedIn: true },
    { run: false, instance: true, platform: 'cloud', optedIn: true },
  ] as const)(
    'a run opting in $run on an instance retraining $instance: $optedIn',
    ({ run, instance, platform, optedIn }) => {
      expect(
        retrainSettingsFor({ retrainImprovedModels: run }, { retrainImprovedModels: instance, platform }),
      ).toEqual({ optedIn, platform });
    },
  );

  it('refuses a with-language-model step that has no language model to pair, naming the model', () => {
    const task = { model: { kind: 'acoustic', customizationId: 'am-1' } } as unknown as StartUpgradeTask;
    const error = missingLanguageModel(task);
    expect(error.name).toBe(ErrorName.RequestRejected);
    expect(error.message).toBe('acoustic model am-1: no language model to upgrade with');
  });
});
