import { UpgradeStep } from '../contract/workflow-contract.js';
import type { AcousticUpgradeOptions, ResourceListing, TrainOptions } from '../model/custom-model.js';
import { resourceListingFor } from '../model/index.js';
import type { Platform } from '../settings/instance-settings.js';
import { missingLanguageModel, trainOptionsFor } from './steps/start-step.js';
import type { StartUpgradeTask } from './unit-state.js';

/** The one IBM request that starts a step; the start task sends it as described. */
export type StepRequest =
  | {
      readonly call: 'train-language-model';
      readonly customizationId: string;
      readonly options: TrainOptions;
    }
  | { readonly call: 'upgrade-language-model'; readonly customizationId: string }
  | {
      readonly call: 'upgrade-acoustic-model';
      readonly customizationId: string;
      readonly options?: AcousticUpgradeOptions;
    };

/**
 * Which request starts the task's step: a retrain trains the language model; a language model is
 * upgraded; an acoustic model is upgraded, then again with its language model, with `force` only
 * after IBM answered "No input data modified since last training", as IBM asks.
 */
export function stepRequestOf(task: StartUpgradeTask, platform: Platform): StepRequest {
  const { model, step, force } = task;
  const { customizationId } = model;
  if (step === UpgradeStep.Retrain) {
    return { call: 'train-language-model', customizationId, options: trainOptionsFor(task, platform) };
  }
  if (model.kind === 'language') return { call: 'upgrade-language-model', customizationId };
  if (step === UpgradeStep.Upgrade) return { call: 'upgrade-acoustic-model', customizationId };
  if (!model.languageModelId) throw missingLanguageModel(task);
  return {
    call: 'upgrade-acoustic-model',
    customizationId,
    options: { customLanguageModelId: model.languageModelId, ...(force ? { force: true } : {}) },
  };
}

/** What tells how big the step is: an acoustic model's audio, or a language model's words. */
export type SizingRead =
  | { readonly read: 'audio'; readonly customizationId: string }
  | {
      readonly read: 'language-resources';
      readonly customizationId: string;
      readonly listing: ResourceListing;
    };

export function sizingReadOf(task: Pick<StartUpgradeTask, 'model' | 'progress'>): SizingRead {
  const { customizationId } = task.model;
  return task.model.kind === 'acoustic'
    ? { read: 'audio', customizationId }
    : {
        read: 'language-resources',
        customizationId,
        listing: resourceListingFor(task.progress.baseModelName),
      };
}
