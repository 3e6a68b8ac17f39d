import { ApiError, SimulatorMessages } from './messages.js';
import type { SimModel } from './model.js';
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

/** `POST /v1/customizations/{id}/train[?force=true]`. */
export function trainLanguageModel(store: ModelStore, id: string, force: boolean): void {
  const model = store.require(id, 'language');
  store.assertWorkable(model);
  if (model.status === 'available' && !force) throw new ApiError(400, SimulatorMessages.noInputModified);
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
