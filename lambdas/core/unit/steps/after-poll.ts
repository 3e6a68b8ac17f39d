import type { Clock } from '../../contract/clock.js';
import { ErrorName, UpgraderError } from '../../contract/errors.js';
import { NextAction, UpgradeStep } from '../../contract/workflow-contract.js';
import type { CustomModel } from '../../model/custom-model.js';
import { modelLabel } from '../../model/model-label.js';
import { currentVersionEntry } from '../language-model-step.js';
import { nextPollDelaySeconds, type PollPolicy } from '../poll-policy.js';
import type { ModelProgress, ModelTask } from '../unit-state.js';
import { judgePoll, type SkipReason, skipReasonText } from '../upgrade-decision.js';
import type { HistoryWrite, StepTransition } from './history-writes.js';
import { secondsBetween } from './model-progress.js';

/** A poll task: a step has been requested. */
export type PollTask = ModelTask & { readonly progress: ModelProgress };

/**
 * One status poll of a running step. Says when to poll again (the poll policy), moves an acoustic
 * model trained with a language model on to its second step, or closes the attempt. A poll that
 * changes nothing but the count writes once.
 */
export function afterPoll(
  task: PollTask,
  model: CustomModel,
  clock: Clock,
  policy: PollPolicy,
): StepTransition<ModelTask> {
  const { options, model: ref, progress } = task;
  const { step, requestedAt } = progress;
  if (!step || !requestedAt) {
    return {
      writes: [],
      fail: new UpgraderError(
        ErrorName.InvalidInput,
        `${modelLabel(ref)}: poll before any upgrade was requested`,
      ),
    };
  }
  const now = clock.now();
  const polls = progress.polls + 1;
  const elapsedSeconds = secondsBetween(requestedAt, now);
  const label = `${modelLabel(ref, progress.modelName)}, ${step}`;
  const counted: HistoryWrite = { kind: 'update-attempt', change: {}, counters: { addPolls: 1 } };
  const verdict = judgePoll({
    model,
    step,
    versionsBefore: progress.versionsBefore,
    updatedBefore: progress.updatedBefore,
  });

  if (verdict.state === 'failed') {
    return {
      writes: [counted],
      fail: new UpgraderError(
        ErrorName.UpgradeFailed,
        `${label}: IBM reports the upgrade failed: ${verdict.message}`,
      ),
    };
  }
  if (verdict.state === 'in-progress') {
    if (elapsedSeconds > options.upgradeDeadlineSeconds) {
      return {
        writes: [counted],
        fail: new UpgraderError(
          ErrorName.UpgradeTimeout,
          `${label}: still '${model.status}' after ${Math.round(elapsedSeconds)} s (deadline ${options.upgradeDeadlineSeconds} s)`,
        ),
      };
    }
    const delay = nextPollDelaySeconds(
      {
        kind: ref.kind,
        expectedSeconds: progress.expectedSeconds,
        elapsedSeconds,
        pollsSoFar: polls,
        pollBudget: options.pollBudgetPerStep,
      },
      policy,
    );
    if (delay.action === 'budget-exhausted') {
      return {
        writes: [counted],
        fail: new UpgraderError(
          ErrorName.PollBudgetExhausted,
          `${label}: ${polls} polls used, the most one execution may make; the upgrade goes on at IBM and the next run picks the model up`,
        ),
      };
    }
    return {
      writes: [counted],
      next: {
        ...task,
        progress: { ...progress, next: NextAction.Poll, polls, wakeAt: clock.wakeTimeAfter(delay.seconds) },
      },
    };
  }

  const stepDurations = { ...progress.stepDurations, [step]: Math.round(elapsedSeconds) };
  const progressed = { ...progress, polls, wakeAt: null, stepDurations };
  // IBM's third step follows a first step that moved the model, or one the model owed already.
  const secondStepDue = verdict.changed || progress.owesLanguageModelStep;
  if (ref.trainedWithLanguageModel && step === UpgradeStep.Upgrade && secondStepDue) {
    return {
      writes: [{ kind: 'update-attempt', change: { stepDurations }, counters: { addPolls: 1 } }],
      next: {
        ...task,
        progress: {
          ...progressed,
          next: NextAction.StartUpgradeWithLanguageModel,
          reachedVersion: verdict.versionAfter ?? currentVersionEntry(model),
        },
      },
    };
  }
  const nothingChanged = !verdict.changed && step !== UpgradeStep.UpgradeWithLanguageModel;
  const writes: HistoryWrite[] = [];
  if (nothingChanged) writes.push({ kind: 'release-claims' });
  const skipReason: SkipReason = step === UpgradeStep.Retrain ? 'nothing-to-retrain' : 'already-up-to-date';
  writes.push({
    kind: 'update-attempt',
    change: {
      outcome: nothingChanged ? 'skipped' : 'upgraded',
      ...(nothingChanged
        ? { reason: skipReasonText[skipReason], skipKey: skipReason }
        : { reason: retrainNote(step, verdict.versionAfter) ?? leftStatusNote(progress.statusBefore) }),
      versionAfter: verdict.versionAfter ?? model.versions.at(-1),
      leftStatus: model.status === 'ready' ? 'ready' : 'available',
      endedAt: now.toISOString(),
      durationSeconds: Object.values(stepDurations).reduce((sum, seconds) => sum + seconds, 0),
      stepDurations,
    },
    counters: { addPolls: 1 },
  });
  const version = currentVersionEntry(model);
  if (step === UpgradeStep.UpgradeWithLanguageModel && version && ref.languageModelId) {
    writes.push({ kind: 'language-model-step-done', version, languageModelId: ref.languageModelId });
  }
  return { writes, next: { ...task, progress: { ...progressed, next: NextAction.Done } } };
}

/** IBM does not document whether a retrain adds a version: operators want to know which it did. */
function retrainNote(step: UpgradeStep, versionAfter: string | null): string | undefined {
  if (step !== UpgradeStep.Retrain) return undefined;
  return versionAfter ? `retrained: IBM added version ${versionAfter}` : 'retrained: versions unchanged';
}

/** IBM returns a model to the status it had; a `ready` model stays untrained, which operators must know. */
function leftStatusNote(statusBefore: string): string | undefined {
  return statusBefore === 'ready' ? "left 'ready' as it was: not trained by the upgrader" : undefined;
}
