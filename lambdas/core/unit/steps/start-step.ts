import type { Clock } from '../../contract/clock.js';
import { ErrorName, type SttError } from '../../contract/errors.js';
import { NextAction, UpgradeStep } from '../../contract/workflow-contract.js';
import type { CustomModel } from '../../model/custom-model.js';
import type { PollPolicy } from '../poll-policy.js';
import type { ModelTask, StartUpgradeTask } from '../unit-state.js';
import { skipOf, skipReasonForRefusal } from '../upgrade-decision.js';
import type { StepTransition } from './history-writes.js';
import { hasNewVersion, mayBeOwnWork, type RequestResult, tookEffect } from './lost-answers.js';
import { type RetrainSettings, retrainBlock } from './retrain-guard.js';
import {
  failed,
  handedTo,
  retaggedBusy,
  type StepSizing,
  skipped,
  stepRunning,
} from './start-transitions.js';
import type { ClaimResult, EarlierRequest } from './step-claim.js';
import { decideUnknownRefusal } from './unknown-refusal.js';

/**
 * The start task's two decisions: before its request (skip, carry on with this run's own earlier
 * request, or send), and after it, by an ordered list of named rules. The rules' concerns live
 * beside this file: lost answers, the retrain guard and the fallback for a 400 no rule knows.
 */

/** What the start task knows before it asks IBM anything. */
export interface StartReading {
  readonly claim: ClaimResult;
  readonly current: CustomModel;
  readonly sizing: StepSizing;
  readonly retrain: RetrainSettings;
}

type Transition = StepTransition<ModelTask>;

/**
 * Before a request: skip when another run holds the claim or already did this very upgrade; carry
 * on with this run's own earlier request when the model shows it took effect (its answer was lost);
 * a retrain the guard blocks is skipped; otherwise send.
 */
export function beforeRequest(
  task: StartUpgradeTask,
  reading: StartReading,
  clock: Clock,
  policy: PollPolicy,
): Transition | { readonly send: true } {
  const { claim, current } = reading;
  if (!claim.granted) {
    return skipped(task, clock, skipOf('claimed-by-another-run', claim.heldBy), false);
  }
  if (claim.earlierRequest && tookEffect(task, current, claim.earlierRequest)) {
    return stepRunning(task, reading.sizing, clock, policy, claim.earlierRequest, true);
  }
  if (task.step === UpgradeStep.Upgrade && hasNewVersion(current, task.progress.versionsBefore)) {
    // Another run finished this very upgrade between our check and our claim.
    return skipped(task, clock, skipOf('already-up-to-date'), true);
  }
  if (task.step !== UpgradeStep.Retrain) return { send: true };
  const block = retrainBlock(
    reading.retrain.platform,
    current.status,
    reading.sizing.invalidResources ?? [],
    task.options.strictTraining,
  );
  return block ? skipped(task, clock, block, true) : { send: true };
}

/** An answer that was no acceptance, with everything a rule may judge it by. */
interface Refusal {
  readonly task: StartUpgradeTask;
  readonly reading: StartReading;
  readonly request: EarlierRequest;
  readonly error: SttError;
  readonly reread: CustomModel | undefined;
  readonly clock: Clock;
  readonly policy: PollPolicy;
}

/** A rule gives the transition when it applies, or nothing to let the next rule judge. */
type RefusalRule = (refusal: Refusal) => Transition | undefined;

/** IBM acted on this run's request after all: a lost answer, or a refusal of its own earlier request. */
const ownRequestTookEffect: RefusalRule = ({ task, reading, request, error, reread, clock, policy }) => {
  const ownEarlier = reading.claim.granted && reading.claim.earlierRequest !== null;
  if (!reread || !mayBeOwnWork(error, ownEarlier) || !tookEffect(task, reread, request)) return undefined;
  return stepRunning(task, reading.sizing, clock, policy, request, true);
};

/** IBM upgrades improved next-generation models by training them: with the opt-in, the retrain step takes over. */
const retrainImprovedModel: RefusalRule = ({ task, reading, error }) => {
  const improved = refusalReason(error) === 'improved-next-generation';
  if (!improved || task.model.kind !== 'language' || !reading.retrain.optedIn) return undefined;
  return handedTo(task, NextAction.StartRetrain, [{ kind: 'release-claims' }]);
};

/** A retrain of a model with nothing new to train (Cloud Pak for Data has no `force`). */
const retrainNeedsAChange: RefusalRule = ({ task, error, clock }) =>
  task.step === UpgradeStep.Retrain && error.name === ErrorName.NoInputModified
    ? skipped(task, clock, skipOf('retrain-needs-a-change'), true)
    : undefined;

/** IBM's refusals that mean "nothing to do": already up to date, no data, upgrade by retraining. */
const nothingToDo: RefusalRule = ({ task, error, clock }) => {
  const reason = refusalReason(error);
  return reason ? skipped(task, clock, skipOf(reason), true) : undefined;
};

/** A 400 in words no rule knows: decided from the model itself, keeping IBM's text. */
const unknownRefusal: RefusalRule = ({ task, reading, error, reread, clock }) => {
  if (!reread || error.status !== 400 || error.name === ErrorName.ModelNotUpgradable) return undefined;
  const decided = decideUnknownRefusal(task, reread, reading.sizing);
  switch (decided.kind) {
    case 'skip':
      return skipped(task, clock, skipOf(decided.reason, `IBM: ${error.ibmMessage}`), true);
    case 'busy':
      return failed(task, clock, retaggedBusy(error, 'the model is busy'));
    case 'with-language-model':
      return handedTo(task, NextAction.StartUpgradeWithLanguageModel, []);
    case 'fail':
      return undefined;
  }
};

/** Its language model is not on the new version yet: another run may be upgrading it. Wait as for a busy model. */
const languageModelBehind: RefusalRule = ({ task, error, clock }) =>
  error.name === ErrorName.ModelNotUpgradable && error.reason === 'base-version-mismatch'
    ? failed(task, clock, retaggedBusy(error, 'its language model is not on the new version yet'))
    : undefined;

/** In order: the first rule that applies decides; an answer no rule takes fails the task with IBM's error. */
const refusalRules: readonly RefusalRule[] = [
  ownRequestTookEffect,
  retrainImprovedModel,
  retrainNeedsAChange,
  nothingToDo,
  unknownRefusal,
  languageModelBehind,
];

function refusalReason(error: SttError) {
  return error.name === ErrorName.ModelNotUpgradable ? skipReasonForRefusal(error.reason) : undefined;
}

/**
 * After a request: poll the step IBM started, or let the rules decide from the answer and, where it
 * left doubt, from the model read again.
 */
export function afterRequest(
  task: StartUpgradeTask,
  reading: StartReading,
  request: EarlierRequest,
  result: RequestResult,
  clock: Clock,
  policy: PollPolicy,
): Transition {
  if (result.answered) return stepRunning(task, reading.sizing, clock, policy, request, false);
  const refusal: Refusal = {
    task,
    reading,
    request,
    error: result.error,
    reread: result.reread,
    clock,
    policy,
  };
  for (const rule of refusalRules) {
    const transition = rule(refusal);
    if (transition) return transition;
  }
  return failed(task, clock, result.error);
}
