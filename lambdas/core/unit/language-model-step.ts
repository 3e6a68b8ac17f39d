import { newestVersion } from '../model/base-model-version.js';
import type { CustomModel } from '../model/custom-model.js';

/**
 * IBM's third step for an acoustic model trained with a custom language model (upgrade again with
 * `custom_language_model_id`) is owed on every base model version the model reaches, until the
 * history records it done on that version, whoever did the first step.
 */

/** The version a model is on, as the with-language-model step record names it. */
export function currentVersionEntry(model: Pick<CustomModel, 'versions' | 'baseModelName'>): string | null {
  return newestVersion(model.versions, model.baseModelName).newest?.entry ?? model.versions.at(-1) ?? null;
}

/** The key the history's set of done steps uses: `customizationId#version`. */
export function languageModelStepKey(customizationId: string, version: string): string {
  return `${customizationId}#${version}`;
}

/**
 * The version on which a model may owe the step, which the history is asked about: the one it is
 * on, for a model trained with its language model; null for any other model, which needs no read.
 */
export function versionOwingLanguageModelStep(
  model: Pick<CustomModel, 'versions' | 'baseModelName'>,
  trainedWithLanguageModel: boolean,
): string | null {
  return trainedWithLanguageModel ? currentVersionEntry(model) : null;
}

/**
 * Whether a model trained with its language model still owes that step on the version it is on;
 * `isDone` says whether the history records the step on a version.
 */
export function owesLanguageModelStep(
  model: Pick<CustomModel, 'versions' | 'baseModelName'>,
  trainedWithLanguageModel: boolean,
  isDone: (version: string) => boolean,
): boolean {
  const version = versionOwingLanguageModelStep(model, trainedWithLanguageModel);
  return version !== null && !isDone(version);
}
