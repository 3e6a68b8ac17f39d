import { UpgraderError } from '../../contract/errors.js';
import { ErrorName, UpgradeStep } from '../../contract/workflow-contract.js';
import type { AcousticUpgradeOptions, ResourceListing, TrainOptions } from '../../model/custom-model.js';
import { refusedOperation, resourceListingFor } from '../../model/index.js';
import { modelLabel } from '../../model/model-label.js';
import type { Platform } from '../../settings/instance-settings.js';
import type { StartUpgradeTask } from '../unit-state.js';

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

/** The training request of a retrain: `force` where IBM has it, `strict=false` only on the operator's word. */
export function trainOptionsFor(
  task: { readonly options: Pick<StartUpgradeTask['options'], 'strictTraining'> },
  platform: Platform,
): TrainOptions {
  const forceRefused = refusedOperation('train-force', 'improved-next-generation', platform) !== null;
  return {
    ...(!forceRefused && { force: true }),
    ...(!task.options.strictTraining && { strict: false }),
  };
}

/** A start task given a request the upgrader could not send at all (no language model to pair). */
function missingLanguageModel(task: StartUpgradeTask): UpgraderError {
  return new UpgraderError(
    ErrorName.RequestRejected,
    `${modelLabel(task.model)}: no language model to upgrade with`,
  );
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
