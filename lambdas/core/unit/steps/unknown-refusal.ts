import { UpgradeStep } from '../../contract/workflow-contract.js';
import { hasVersion } from '../../model/base-model-version.js';
import type { CustomModel } from '../../model/custom-model.js';
import type { StartUpgradeTask } from '../unit-state.js';
import type { SkipReason } from '../upgrade-decision.js';

/** What a 400 in words no rule knows means, decided from the model itself. */
export type UnknownRefusal =
  | { readonly kind: 'skip'; readonly reason: SkipReason }
  | { readonly kind: 'busy' }
  | { readonly kind: 'with-language-model' }
  | { readonly kind: 'fail' };

/**
 * IBM's wording of its refusals is not documented, so a 400 that matches no rule is decided from the
 * model. Training or upgrading: busy; no data: nothing to do; available with data and on the target
 * (or no target is known, so IBM's word is all there is): up to date, or on to its
 * with-language-model step if it is trained with one.
 */
export function decideUnknownRefusal(
  task: Pick<StartUpgradeTask, 'options' | 'step' | 'model'>,
  model: CustomModel,
  sizing: { readonly audioMinutes?: number | undefined; readonly wordCount?: number | undefined },
): UnknownRefusal {
  if (model.status === 'training' || model.status === 'upgrading') return { kind: 'busy' };
  if (model.status === 'pending' || sizing.audioMinutes === 0 || sizing.wordCount === 0) {
    return { kind: 'skip', reason: 'no-data' };
  }
  const target = task.options.targetVersions[model.baseModelName];
  const upToDate = target === undefined || hasVersion(model.versions, model.baseModelName, target);
  if (!upToDate || task.step !== UpgradeStep.Upgrade) return { kind: 'fail' };
  return task.model.trainedWithLanguageModel
    ? { kind: 'with-language-model' }
    : { kind: 'skip', reason: 'already-up-to-date' };
}
