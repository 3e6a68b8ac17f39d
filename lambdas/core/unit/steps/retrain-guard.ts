import type { InvalidResource } from '../../model/custom-model.js';
import { type InstanceSettings, type Platform, retrainOptedIn } from '../../settings/instance-settings.js';
import type { StartUpgradeTask } from '../unit-state.js';
import { type Skip, skipOf } from '../upgrade-decision.js';

/** How an instance retrains improved next-generation language models. */
export interface RetrainSettings {
  /** The run or the instance opted in. */
  readonly optedIn: boolean;
  readonly platform: Platform;
}

/** The run's opt-in or the instance's, on the instance's platform. */
export function retrainSettingsFor(
  options: Pick<StartUpgradeTask['options'], 'retrainImprovedModels'>,
  instance: Pick<InstanceSettings, 'retrainImprovedModels' | 'platform'>,
): RetrainSettings {
  return {
    optedIn: retrainOptedIn(options.retrainImprovedModels, instance),
    platform: instance.platform,
  };
}

/**
 * A retrain must not break the model: IBM fails a model whose training meets an invalid resource,
 * so those are named and the model skipped unless the operator asked for `strict: false`. Cloud Pak
 * for Data has no `force`: a model with nothing new to train cannot be retrained there. Nothing when
 * the retrain may be sent.
 */
export function retrainBlock(
  platform: Platform,
  status: string,
  invalid: readonly InvalidResource[],
  strictTraining: boolean,
): Skip | undefined {
  if (platform === 'cloud-pak' && status === 'available') return skipOf('retrain-needs-a-change');
  if (invalid.length === 0 || !strictTraining) return undefined;
  const named = invalid
    .map((resource) => `${resource.kind} '${resource.name}' (${resource.error})`)
    .join(', ');
  return {
    key: 'invalid-resources',
    text: `not retrained: invalid ${named}; fix or remove them, or run with strict: false`,
  };
}
