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
 * Whether a model trained with its language model still owes that step on the version it is on;
 * `isDone` says whether the history records the step on a version.
 */
export function owesLanguageModelStep(
  model: Pick<CustomModel, 'versions' | 'baseModelName'>,
  trainedWithLanguageModel: boolean,
  isDone: (version: string) => boolean,
): boolean {
  if (!trainedWithLanguageModel) return false;
  const version = currentVersionEntry(model);
  return version !== null && !isDone(version);
}
