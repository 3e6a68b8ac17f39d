import type { FaultInjector } from './faults.js';
import { ApiError, SimulatorMessages } from './messages.js';
import type { SimModel } from './model.js';
import type { ModelStore } from './store.js';

export interface UpgradeRules {
  readonly store: ModelStore;
  readonly faults: FaultInjector;
  /** 'no-op' answers 200 and changes nothing for a model already on the latest version. */
  readonly alreadyUpToDate: 'reject' | 'no-op';
}

export interface AcousticUpgradeRequest {
  readonly customLanguageModelId: string | undefined;
  readonly force: boolean;
}

/** Outcome for the caller: `started`, or `up-to-date` when the no-op mode swallowed the request. */
export type UpgradeOutcome = 'started' | 'up-to-date';

function latestOf(rules: UpgradeRules, model: SimModel): string {
  const latest = rules.store.catalog.latestVersion(model.baseModelName);
  if (latest === undefined) throw new ApiError(400, SimulatorMessages.unknownBaseModel(model.baseModelName));
  return latest;
}

function upToDate(rules: UpgradeRules): UpgradeOutcome {
  if (rules.alreadyUpToDate === 'no-op') return 'up-to-date';
  throw new ApiError(400, SimulatorMessages.alreadyUpToDate);
}

function assertUpgradeMethod(rules: UpgradeRules, model: SimModel): void {
  if (rules.store.catalog.get(model.baseModelName)?.upgradeMethod === 'retrain') {
    throw new ApiError(400, SimulatorMessages.improvedNextGeneration(model.id));
  }
}

/** `POST /v1/customizations/{id}/upgrade_model`. */
export function upgradeLanguageModel(rules: UpgradeRules, id: string): UpgradeOutcome {
  const model = rules.store.require(id, 'language');
  rules.store.assertWorkable(model);
  assertUpgradeMethod(rules, model);
  const latest = latestOf(rules, model);
  if (model.versions.includes(latest)) return upToDate(rules);
  const failWith = rules.faults.takeUpgradeFailure('upgrade_language_model', id);
  rules.store.startWork(
    model,
    { kind: 'upgrading', addVersion: latest, withLanguageModel: undefined, failWith },
    rules.store.workSeconds(model),
  );
  return 'started';
}

/**
 * `POST /v1/acoustic_customizations/{id}/upgrade_model[?custom_language_model_id=][&force=true]`.
 * Without a language model it moves the model to the latest version, once the language model it
 * was trained with is there. With one it is IBM's second step: it changes no version when the
 * model is already on the latest, and wants `force=true` when no data changed since training.
 */
export function upgradeAcousticModel(
  rules: UpgradeRules,
  id: string,
  request: AcousticUpgradeRequest,
): UpgradeOutcome {
  const { store } = rules;
  const model = store.require(id, 'acoustic');
  store.assertWorkable(model);
  assertUpgradeMethod(rules, model);
  const latest = latestOf(rules, model);
  const onLatest = model.versions.includes(latest);
  let withLanguageModel: string | undefined;
  if (request.customLanguageModelId !== undefined) {
    const lmId = request.customLanguageModelId;
    const languageModel = store.require(lmId, 'language');
    if (languageModel.baseModelName !== model.baseModelName || !languageModel.versions.includes(latest)) {
      throw new ApiError(400, SimulatorMessages.differentBaseVersion(id, lmId));
    }
    withLanguageModel = `${lmId} ${latest}`;
    if (onLatest && model.upgradedWithLanguageModel === withLanguageModel) return upToDate(rules);
    if (model.unmodifiedSinceTraining && !request.force)
      throw new ApiError(400, SimulatorMessages.noInputModified);
  } else {
    if (onLatest) return upToDate(rules);
    const paired = model.trainedWithLanguageModel && store.find(model.trainedWithLanguageModel, 'language');
    if (paired && !paired.versions.includes(latest)) {
      throw new ApiError(400, SimulatorMessages.differentBaseVersion(id, paired.id));
    }
  }
  const failWith = rules.faults.takeUpgradeFailure('upgrade_acoustic_model', id);
  store.startWork(
    model,
    { kind: 'upgrading', addVersion: onLatest ? undefined : latest, withLanguageModel, failWith },
    store.workSeconds(model),
  );
  return 'started';
}
