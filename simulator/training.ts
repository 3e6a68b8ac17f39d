import { ApiError, SimulatorMessages } from './messages.js';
import type { SimModel } from './model.js';
import { invalidResourcesOf } from './resources.js';
import type { ModelStore } from './store.js';

/** The entry of `versions` a model currently runs on: the newest by catalog release order. */
function currentVersion(store: ModelStore, model: SimModel): string | undefined {
  const released = store.catalog.get(model.baseModelName)?.versions ?? [];
  let best: string | undefined;
  let bestIndex = -1;
  for (const entry of model.versions) {
    const index = released.indexOf(entry.slice(model.baseModelName.length + 1));
    if (index >= bestIndex) {
      best = entry;
      bestIndex = index;
    }
  }
  return best;
}

/** Training a model on an improved next-generation base model is how it moves to the latest version. */
function versionGainedByTraining(store: ModelStore, model: SimModel): string | undefined {
  if (store.catalog.get(model.baseModelName)?.upgradeMethod !== 'retrain') return undefined;
  const latest = store.catalog.latestVersion(model.baseModelName);
  return latest !== undefined && !model.versions.includes(latest) ? latest : undefined;
}

/** Where the simulated service runs: `force` on training exists on IBM Cloud only. */
export type Platform = 'cloud' | 'cpd';

export interface LanguageTrainingRequest {
  readonly force: boolean;
  /** IBM's default true: any invalid resource fails the training and the model. */
  readonly strict: boolean;
}

export interface TrainingWarning {
  readonly code: string;
  readonly message: string;
}

/**
 * `POST /v1/customizations/{id}/train[?force=true][&strict=false]`. An invalid corpus, word or
 * grammar fails the request with 400 and leaves the model `failed`, as IBM's "Training failures"
 * says; with `strict=false` the model trains on its valid resources and the answer warns.
 */
export function trainLanguageModel(
  store: ModelStore,
  platform: Platform,
  id: string,
  request: LanguageTrainingRequest,
): { warnings?: TrainingWarning[] } {
  const model = store.require(id, 'language');
  if (request.force && platform === 'cpd') throw new ApiError(400, SimulatorMessages.forceNotSupported);
  store.assertWorkable(model);
  if (model.status === 'available' && !request.force)
    throw new ApiError(400, SimulatorMessages.noInputModified);
  const invalid = invalidResourcesOf(model);
  if (invalid.length > 0 && request.strict) {
    const names = invalid.map((entry) => `${entry.code}: ${entry.names.join(', ')}`).join('; ');
    model.status = 'failed';
    model.error = SimulatorMessages.invalidResources(id, names);
    model.updated = store.now();
    throw new ApiError(400, model.error);
  }
  store.startWork(
    model,
    {
      kind: 'training',
      addVersion: versionGainedByTraining(store, model),
      withLanguageModel: undefined,
      failWith: undefined,
    },
    store.workSeconds(model),
  );
  if (invalid.length === 0) return {};
  return {
    warnings: invalid.map((entry) => ({
      code: entry.code,
      message: `Training skipped the invalid resources: ${entry.names.join(', ')}`,
    })),
  };
}

/** `POST /v1/acoustic_customizations/{id}/train[?custom_language_model_id=]`. */
export function trainAcousticModel(
  store: ModelStore,
  id: string,
  customLanguageModelId: string | undefined,
): void {
  const model = store.require(id, 'acoustic');
  store.assertWorkable(model);
  let withLanguageModel: string | undefined;
  if (customLanguageModelId !== undefined) {
    const languageModel = store.require(customLanguageModelId, 'language');
    const version = currentVersion(store, model);
    if (
      languageModel.baseModelName !== model.baseModelName ||
      currentVersion(store, languageModel) !== version
    ) {
      throw new ApiError(400, SimulatorMessages.differentBaseVersion(id, customLanguageModelId));
    }
    withLanguageModel = `${customLanguageModelId} ${version}`;
  }
  const samePairing = customLanguageModelId === model.trainedWithLanguageModel;
  if (model.status === 'available' && samePairing) throw new ApiError(400, SimulatorMessages.noInputModified);
  store.startWork(
    model,
    { kind: 'training', addVersion: undefined, withLanguageModel, failWith: undefined },
    store.workSeconds(model),
  );
}
