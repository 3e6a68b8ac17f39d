import type { Clock } from '../../contract/clock.js';
import { ErrorName, SttError } from '../../contract/errors.js';
import { NextAction, UpgradeStep } from '../../contract/workflow-contract.js';
import type { InvalidResource, ModelKind } from '../../model/custom-model.js';
import { modelLabel } from '../../model/model-label.js';
import { expectedUpgradeSeconds, nextPollDelaySeconds, type PollPolicy } from '../poll-policy.js';
import type { ModelTask, StartUpgradeTask } from '../unit-state.js';
import type { Skip } from '../upgrade-decision.js';
import { type HistoryWrite, type StepTransition, skippedAttempt } from './history-writes.js';
import { mayHaveStarted } from './lost-answers.js';
import { claimTargetOf, type EarlierRequest } from './step-claim.js';

/** The ways a start task ends: the step is running, the model is skipped, or the task fails. */

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

/** Errors a retry may cure; counted on the attempt before Step Functions retries the task. */
const retriedErrors: ReadonlySet<string> = new Set([ErrorName.Transient, ErrorName.ModelBusy]);

const stepNameOf = ({ step, force }: StartUpgradeTask) => (force ? `${step}-forced` : step);

/** The step is running at IBM (or already done): record it as this run's and poll it. */
export function stepRunning(
  task: StartUpgradeTask,
  sizing: StepSizing,
  clock: Clock,
  policy: PollPolicy,
  request: EarlierRequest,
  answerLost: boolean,
): StepTransition<ModelTask> {
  const { model: ref, progress, step, force, options } = task;
  const stepName = stepNameOf(task);
  const expectedSeconds = expectedStepSeconds(ref.kind, sizing, policy);
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
export function skipped(
  task: StartUpgradeTask,
  clock: Clock,
  skip: Skip,
  release: boolean,
): StepTransition<ModelTask> {
  const writes: HistoryWrite[] = [
    ...(release ? [{ kind: 'release-claims' } as const] : []),
    { kind: 'update-attempt', change: skippedAttempt(skip, clock.now().toISOString()) },
  ];
  return { writes, next: { ...task, progress: { ...task.progress, next: NextAction.Skip } } };
}

/** Hands the model to another start step, which claims on its own. */
export function handedTo(
  task: StartUpgradeTask,
  next: typeof NextAction.StartRetrain | typeof NextAction.StartUpgradeWithLanguageModel,
  writes: readonly HistoryWrite[],
): StepTransition<ModelTask> {
  return { writes, next: { ...task, progress: { ...task.progress, next } } };
}

/**
 * Records IBM's answer on the step and raises it, named for the model and step, for Retry or Catch.
 * An answer that says the request was not carried out clears the claim's note of it, so that a retry
 * never takes another run's upgrade for its own.
 */
export function failed(task: StartUpgradeTask, clock: Clock, error: SttError): StepTransition<ModelTask> {
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

/** IBM's refusal taken as "busy", so that the task waits and retries as for a busy model. */
export function retaggedBusy(error: SttError, why: string): SttError {
  return new SttError(ErrorName.ModelBusy, `${error.message}; ${why}`, {
    status: error.status,
    ibmMessage: error.ibmMessage,
  });
}
