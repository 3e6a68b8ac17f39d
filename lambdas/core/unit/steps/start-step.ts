import type { Clock } from '../../contract/clock.js';
import { ErrorName, SttError, UpgraderError } from '../../contract/errors.js';
import { NextAction, UpgradeStep } from '../../contract/workflow-contract.js';
import { hasVersion } from '../../model/base-model-version.js';
import type { CustomModel, InvalidResource, ModelKind, TrainOptions } from '../../model/custom-model.js';
import { refusedOperation } from '../../model/index.js';
import { modelLabel } from '../../model/model-label.js';
import { type InstanceSettings, type Platform, retrainOptedIn } from '../../settings/instance-settings.js';
import { expectedUpgradeSeconds, nextPollDelaySeconds, type PollPolicy } from '../poll-policy.js';
import type { ModelTask, StartUpgradeTask } from '../unit-state.js';
import { type SkipReason, skipReasonForRefusal, skipReasonText } from '../upgrade-decision.js';
import type { HistoryWrite, StepTransition } from './history-writes.js';
import { type ClaimResult, claimTargetOf, type EarlierRequest } from './step-claim.js';

/** How long a step is expected to take, from what the start task read. */
export interface StepSizing {
  readonly audioMinutes?: number | undefined;
  /** Language models: words in their corpora plus their custom words. */
  readonly wordCount?: number | undefined;
  /** This step's past durations on this model, newest first. */
  readonly pastDurationsSeconds: readonly number[];
  /** Language models: corpora, words and grammars IBM could not use (training would fail the model). */
  readonly invalidResources?: readonly InvalidResource[] | undefined;
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

/** How an instance retrains improved next-generation language models. */
export interface RetrainSettings {
  /** The run or the instance opted in. */
  readonly optedIn: boolean;
  readonly platform: Platform;
}

/** What the start task knows before it asks IBM anything. */
export interface StartReading {
  readonly claim: ClaimResult;
  readonly current: CustomModel;
  readonly sizing: StepSizing;
  readonly retrain: RetrainSettings;
}

/** Errors a retry may cure; counted on the attempt before Step Functions retries the task. */
const retriedErrors: ReadonlySet<string> = new Set([ErrorName.Transient, ErrorName.ModelBusy]);

const stepNameOf = ({ step, force }: StartUpgradeTask) => (force ? `${step}-forced` : step);

/**
 * Before a request: skip when another run holds the claim or already did this very upgrade; carry
 * on with this run's own earlier request when the model shows it took effect (its answer was lost);
 * otherwise send.
 */
export function beforeRequest(
  task: StartUpgradeTask,
  reading: StartReading,
  clock: Clock,
  policy: PollPolicy,
): StepTransition<ModelTask> | { readonly send: true } {
  const { claim, current } = reading;
  if (!claim.granted) {
    return skip(task, clock, `${skipReasonText['claimed-by-another-run']} (${claim.heldBy})`, false);
  }
  if (claim.earlierRequest && tookEffect(task, current, claim.earlierRequest)) {
    return stepRunning(task, reading, clock, policy, claim.earlierRequest, true);
  }
  if (task.step === UpgradeStep.Upgrade && hasNewVersion(current, task.progress.versionsBefore)) {
    // Another run finished this very upgrade between our check and our claim.
    return skip(task, clock, skipReasonText['already-up-to-date'], true);
  }
  if (task.step === UpgradeStep.Retrain) return beforeRetrain(task, reading, clock);
  return { send: true };
}

/**
 * A retrain must not break the model: IBM fails a model whose training meets an invalid resource,
 * so those are named and the model skipped unless the operator asked for `strict: false`. Cloud Pak
 * for Data has no `force`: a model with nothing new to train cannot be retrained there.
 */
function beforeRetrain(
  task: StartUpgradeTask,
  reading: StartReading,
  clock: Clock,
): StepTransition<ModelTask> | { readonly send: true } {
  if (reading.retrain.platform === 'cloud-pak' && reading.current.status === 'available') {
    return skip(task, clock, skipReasonText['retrain-needs-a-change'], true);
  }
  const invalid = reading.sizing.invalidResources ?? [];
  if (invalid.length > 0 && task.options.strictTraining) {
    const named = invalid
      .map((resource) => `${resource.kind} '${resource.name}' (${resource.error})`)
      .join(', ');
    return skip(
      task,
      clock,
      `not retrained: invalid ${named}; fix or remove them, or run with strict: false`,
      true,
    );
  }
  return { send: true };
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

/** What came of the request, and what the model showed afterwards when its answer left doubt. */
export type RequestResult =
  | { readonly answered: true }
  | { readonly answered: false; readonly error: SttError; readonly reread: CustomModel | undefined };

/**
 * Whether the answer leaves the upgrader unsure of what IBM did, so that the model must be read
 * again before deciding: no answer at all, a gateway's 502/504, a 409 or an unrecognised 400 (IBM's
 * wording is not documented).
 */
export function needsReread(error: SttError): boolean {
  return (
    mayHaveStarted(error) ||
    error.name === ErrorName.ModelBusy ||
    (error.name === ErrorName.ModelNotUpgradable && error.reason === 'already-up-to-date') ||
    (error.status === 400 && (error.name === ErrorName.RequestRejected || error.reason === 'unknown'))
  );
}

/** A network failure, a timeout or a gateway's 502/504: the request may have reached IBM. */
function mayHaveStarted(error: SttError): boolean {
  return (
    error.name === ErrorName.Transient && (error.status === undefined || [502, 504].includes(error.status))
  );
}

/**
 * After a request: poll the step IBM started, or decide from the model when the answer was lost or
 * not understood. A refusal that follows this run's own maybe-started request is this run's work.
 */
export function afterRequest(
  task: StartUpgradeTask,
  reading: StartReading,
  request: EarlierRequest,
  result: RequestResult,
  clock: Clock,
  policy: PollPolicy,
): StepTransition<ModelTask> {
  if (result.answered) return stepRunning(task, reading, clock, policy, request, false);
  const { error, reread } = result;
  const ownEarlier = reading.claim.granted && reading.claim.earlierRequest !== null;
  const refusalOfOwnEarlier =
    ownEarlier && (error.name === ErrorName.ModelBusy || error.reason === 'already-up-to-date');
  if (reread && (mayHaveStarted(error) || refusalOfOwnEarlier) && tookEffect(task, reread, request)) {
    // IBM acted on this run's request after all: a lost answer, or a refusal of its own earlier request.
    return stepRunning(task, reading, clock, policy, request, true);
  }
  const refusal =
    error.name === ErrorName.ModelNotUpgradable ? skipReasonForRefusal(error.reason) : undefined;
  if (refusal === 'improved-next-generation' && task.model.kind === 'language' && reading.retrain.optedIn) {
    // IBM upgrades these by training them: hand over to the retrain step, which claims on its own.
    return {
      writes: [{ kind: 'release-claims' }],
      next: { ...task, progress: { ...task.progress, next: NextAction.StartRetrain } },
    };
  }
  if (task.step === UpgradeStep.Retrain && error.name === ErrorName.NoInputModified) {
    return skip(task, clock, skipReasonText['retrain-needs-a-change'], true);
  }
  if (refusal) return skip(task, clock, skipReasonText[refusal], true);
  if (reread && error.status === 400 && error.name !== ErrorName.ModelNotUpgradable) {
    const decided = decideUnknownRefusal(task, reread, reading.sizing);
    if (decided.kind === 'skip')
      return skip(task, clock, `${skipReasonText[decided.reason]} (IBM: ${error.ibmMessage})`, true);
    if (decided.kind === 'busy') return failed(task, clock, retagged(error, 'the model is busy'));
    if (decided.kind === 'with-language-model') {
      return {
        writes: [],
        next: { ...task, progress: { ...task.progress, next: NextAction.StartUpgradeWithLanguageModel } },
      };
    }
  }
  if (error.name === ErrorName.ModelNotUpgradable && error.reason === 'base-version-mismatch') {
    // Its language model is not on the new version yet: another run may be upgrading it. Wait as for a busy model.
    return failed(task, clock, retagged(error, 'its language model is not on the new version yet'));
  }
  return failed(task, clock, error);
}

type UnknownRefusal =
  | { readonly kind: 'skip'; readonly reason: SkipReason }
  | { readonly kind: 'busy' }
  | { readonly kind: 'with-language-model' }
  | { readonly kind: 'fail' };

/**
 * A 400 that matches no rule: decide from the model itself. Training or upgrading: busy; no data:
 * nothing to do; available with data and on the target (or no target is known, so IBM's word is all
 * there is): up to date, or on to its with-language-model step if it is trained with one.
 */
function decideUnknownRefusal(
  task: StartUpgradeTask,
  model: CustomModel,
  sizing: StepSizing,
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

/**
 * Whether this run's request took effect: the model is upgrading, or shows the step's result
 * (a new version; for the with-language-model step, `updated` moved past the request).
 */
function tookEffect(task: StartUpgradeTask, model: CustomModel, request: EarlierRequest): boolean {
  if (model.status === 'upgrading' || (task.step === UpgradeStep.Retrain && model.status === 'training'))
    return true;
  if (task.step === UpgradeStep.Upgrade) return hasNewVersion(model, task.progress.versionsBefore);
  return updatedSince(model, request.updatedBefore);
}

function hasNewVersion(model: CustomModel, versionsBefore: readonly string[]): boolean {
  return model.versions.some((version) => !versionsBefore.includes(version));
}

function updatedSince(model: CustomModel, updatedBefore: string | null): boolean {
  if (model.updated === undefined) return false;
  return updatedBefore === null || Date.parse(model.updated) > Date.parse(updatedBefore);
}

/** The step is running at IBM (or already done): record it as this run's and poll it. */
function stepRunning(
  task: StartUpgradeTask,
  reading: StartReading,
  clock: Clock,
  policy: PollPolicy,
  request: EarlierRequest,
  answerLost: boolean,
): StepTransition<ModelTask> {
  const { model: ref, progress, step, force, options } = task;
  const stepName = stepNameOf(task);
  const expectedSeconds = expectedStepSeconds(ref.kind, reading.sizing, policy);
  const delay = nextPollDelaySeconds(
    {
      kind: ref.kind,
      expectedSeconds,
      elapsedSeconds: 0,
      pollsSoFar: 0,
      pollBudget: options.pollBudgetPerStep,
    },
    policy,
  );
  const writes: HistoryWrite[] = [
    {
      kind: 'update-attempt',
      change: {},
      counters: { appendStep: stepName, ...(answerLost && { addLostAnswers: 1 }) },
    },
    {
      kind: 'step',
      step: stepName,
      detail: { requested: true, force, ...(answerLost && { answerLost: true }) },
      dedupKey: stepName,
    },
  ];
  return {
    writes,
    next: {
      ...task,
      progress: {
        ...progress,
        next: NextAction.Poll,
        step,
        forced: force,
        polls: 0,
        requestedAt: request.at,
        // The with-language-model step adds no version: its end shows only as `updated` moving.
        updatedBefore: step === UpgradeStep.Upgrade ? progress.updatedBefore : request.updatedBefore,
        expectedSeconds,
        wakeAt: clock.wakeTimeAfter(delay.action === 'wait' ? delay.seconds : 1),
      },
    },
  };
}

function expectedStepSeconds(kind: ModelKind, sizing: StepSizing, policy: PollPolicy): number {
  return expectedUpgradeSeconds(
    {
      kind,
      ...(sizing.audioMinutes !== undefined && { audioMinutes: sizing.audioMinutes }),
      ...(sizing.wordCount !== undefined && { wordCount: sizing.wordCount }),
      pastDurationsSeconds: sizing.pastDurationsSeconds,
    },
    policy,
  );
}

/** Ends the model as skipped; `release` gives up this run's claims, since nothing was started. */
function skip(
  task: StartUpgradeTask,
  clock: Clock,
  reason: string,
  release: boolean,
): StepTransition<ModelTask> {
  const writes: HistoryWrite[] = [
    ...(release ? [{ kind: 'release-claims' } as const] : []),
    { kind: 'update-attempt', change: { outcome: 'skipped', reason, endedAt: clock.now().toISOString() } },
  ];
  return { writes, next: { ...task, progress: { ...task.progress, next: NextAction.Skip } } };
}

/**
 * Records IBM's answer on the step and raises it, named for the model and step, for Retry or Catch.
 * An answer that says the request was not carried out clears the claim's note of it, so that a retry
 * never takes another run's upgrade for its own.
 */
function failed(task: StartUpgradeTask, clock: Clock, error: SttError): StepTransition<ModelTask> {
  const now = clock.now();
  const stepName = stepNameOf(task);
  const writes: HistoryWrite[] = [
    ...(mayHaveStarted(error) ? [] : [{ kind: 'forget-request', target: claimTargetOf(task) } as const]),
    {
      kind: 'step',
      step: stepName,
      detail: { error: error.name, status: error.status ?? null, message: error.ibmMessage },
      dedupKey: `${stepName}-error-${now.getTime()}`,
    },
  ];
  if (retriedErrors.has(error.name))
    writes.push({ kind: 'update-attempt', change: {}, counters: { addRetries: 1 } });
  const message = `${modelLabel(task.model, task.progress.modelName)}, ${stepName}: ${error.message}`;
  return {
    writes,
    fail: new SttError(error.name, message, {
      status: error.status,
      ibmMessage: error.ibmMessage,
      reason: error.reason,
    }),
  };
}

function retagged(error: SttError, why: string): SttError {
  return new SttError(ErrorName.ModelBusy, `${error.message}; ${why}`, {
    status: error.status,
    ibmMessage: error.ibmMessage,
  });
}

/** A start task given a request the upgrader could not send at all (no language model to pair). */
export function missingLanguageModel(task: StartUpgradeTask): UpgraderError {
  return new UpgraderError(
    ErrorName.RequestRejected,
    `${modelLabel(task.model)}: no language model to upgrade with`,
  );
}
