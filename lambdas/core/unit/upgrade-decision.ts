import { z } from 'zod';
import { ErrorName, type NotUpgradableReason } from '../contract/errors.js';
import { UpgradeStep } from '../contract/workflow-contract.js';
import type { AudioSummary, CustomModel, ModelStatus } from '../model/custom-model.js';

/**
 * Why a model was left alone: a stable key, stored beside the text operators read, and the dimension
 * of the skip metric.
 */
export const skipReasonSchema = z.enum([
  'already-up-to-date',
  'no-data',
  'improved-next-generation',
  'dry-run',
  'model-failed',
  'claimed-by-another-run',
  'retrain-needs-a-change',
  'nothing-to-retrain',
  'invalid-resources',
  'language-model-failed',
  'unit-ended',
]);
export type SkipReason = z.infer<typeof skipReasonSchema>;

/** Each reason's text; a skip may say more (which run holds the claim, what IBM said). */
export const skipReasonText: Record<SkipReason, string> = {
  'already-up-to-date': 'already on the latest base model version',
  'no-data': 'has no data, so it needs no upgrade',
  'improved-next-generation': 'on an improved next-generation base model: upgrade by retraining',
  'dry-run': 'dry run: would upgrade',
  'model-failed': "in status 'failed': fix or retrain it, then run again",
  'claimed-by-another-run': 'already handled by another run',
  'retrain-needs-a-change':
    "on Cloud Pak for Data a model in 'available' retrains only after a change: add or change a word, corpus or grammar, then run again",
  'nothing-to-retrain': 'IBM accepted the training, but the model did not change',
  'invalid-resources': 'not retrained: invalid corpora, words or grammars',
  'language-model-failed': 'not upgraded: its language model failed',
  'unit-ended': 'not upgraded: the unit ended before this model was reached',
};

/** A skip as recorded: its key, and the text an operator reads. */
export interface Skip {
  readonly key: SkipReason;
  readonly text: string;
}

/** The skip of `key`, its text followed by what this case adds, in brackets. */
export function skipOf(key: SkipReason, detail?: string): Skip {
  return { key, text: detail ? `${skipReasonText[key]} (${detail})` : skipReasonText[key] };
}

export type CheckDecision =
  | { readonly action: 'upgrade' }
  /** On the target already, but the step with its language model is still owed. */
  | { readonly action: 'upgrade-with-language-model' }
  | { readonly action: 'skip'; readonly reason: SkipReason }
  | { readonly action: 'wait' }
  | {
      readonly action: 'give-up';
      readonly error: typeof ErrorName.ModelBusyTimeout;
      readonly message: string;
    };

const busyStatuses: ReadonlySet<ModelStatus> = new Set(['training', 'upgrading']);

/** Step 1 of IBM's procedure: only a `ready` or `available` model with data can be upgraded. */
export function decideOnCheck(input: {
  readonly model: CustomModel;
  readonly audio: AudioSummary | undefined;
  readonly onTargetVersion: boolean;
  readonly owesLanguageModelStep: boolean;
  readonly dryRun: boolean;
  readonly busyForSeconds: number;
  readonly busyDeadlineSeconds: number;
}): CheckDecision {
  const { model } = input;
  if (busyStatuses.has(model.status)) {
    // A plan must not wait hours for someone else's training: it records the intent at once.
    if (input.dryRun) return { action: 'skip', reason: 'dry-run' };
    if (input.busyForSeconds >= input.busyDeadlineSeconds) {
      return {
        action: 'give-up',
        error: ErrorName.ModelBusyTimeout,
        message: `still '${model.status}' after ${Math.round(input.busyForSeconds)} s (busy deadline ${input.busyDeadlineSeconds} s)`,
      };
    }
    return { action: 'wait' };
  }
  if (model.status === 'failed') return { action: 'skip', reason: 'model-failed' };
  // `pending` means no valid data yet; IBM says models without resources need no upgrade.
  if (model.status === 'pending') return { action: 'skip', reason: 'no-data' };
  if (input.audio && input.audio.totalMinutesOfAudio === 0) return { action: 'skip', reason: 'no-data' };
  if (input.dryRun && (!input.onTargetVersion || input.owesLanguageModelStep)) {
    return { action: 'skip', reason: 'dry-run' };
  }
  if (input.onTargetVersion) {
    return input.owesLanguageModelStep
      ? { action: 'upgrade-with-language-model' }
      : { action: 'skip', reason: 'already-up-to-date' };
  }
  return { action: 'upgrade' };
}

/** Why a model on the target version is still behind: IBM's third step never ran on it. */
export const owedLanguageModelStepText = 'upgraded without its language model';

/** IBM refusals that mean "nothing to do" rather than "something is wrong". */
export function skipReasonForRefusal(reason: NotUpgradableReason | undefined): SkipReason | undefined {
  switch (reason) {
    case 'already-up-to-date':
      return 'already-up-to-date';
    case 'no-data':
      return 'no-data';
    case 'improved-next-generation':
      return 'improved-next-generation';
    default:
      return undefined;
  }
}

export type PollVerdict =
  | { readonly state: 'in-progress' }
  | { readonly state: 'done'; readonly versionAfter: string | null; readonly changed: boolean }
  | { readonly state: 'failed'; readonly message: string };

/**
 * Has the step finished? A short upgrade may never be seen `upgrading`, so completion is read
 * from the model itself: a new entry in `versions` for the first step, `updated` moving past the
 * request for the second (it adds no version). A model back to its status with neither change
 * was a no-op (IBM may answer 200 to a model that is already up to date).
 */
export function judgePoll(input: {
  readonly model: CustomModel;
  readonly step: UpgradeStep;
  readonly versionsBefore: readonly string[];
  readonly updatedBefore: string | null;
}): PollVerdict {
  const { model } = input;
  if (model.status === 'failed') {
    return { state: 'failed', message: model.error ?? "the model ended in status 'failed'" };
  }
  if (model.status !== 'ready' && model.status !== 'available') return { state: 'in-progress' };
  const added = model.versions.filter((version) => !input.versionsBefore.includes(version));
  if (added.length > 0)
    return { state: 'done', versionAfter: added[added.length - 1] ?? null, changed: true };
  const updatedMoved =
    model.updated !== undefined &&
    (input.updatedBefore === null || Date.parse(model.updated) > Date.parse(input.updatedBefore));
  return {
    state: 'done',
    versionAfter: null,
    // Neither the with-language-model step nor a retrain has to add a version: `updated` shows them.
    changed: input.step !== UpgradeStep.Upgrade && updatedMoved,
  };
}
