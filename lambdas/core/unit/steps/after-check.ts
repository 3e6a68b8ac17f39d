import type { Clock } from '../../contract/clock.js';
import { UpgraderError } from '../../contract/errors.js';
import { HistoryStep, NextAction } from '../../contract/workflow-contract.js';
import { hasVersion } from '../../model/base-model-version.js';
import type { AudioSummary, CustomModel } from '../../model/custom-model.js';
import { modelLabel } from '../../model/model-label.js';
import { owesLanguageModelStep } from '../language-model-step.js';
import { busyRecheckDelaySeconds, type PollPolicy } from '../poll-policy.js';
import type { ModelTask } from '../unit-state.js';
import { decideOnCheck, skipOf } from '../upgrade-decision.js';
import { type HistoryWrite, type StepTransition, skippedAttempt } from './history-writes.js';
import { progressAfterCheck, secondsBetween } from './model-progress.js';

/** What the check read from IBM and the history table. */
export interface CheckReading {
  readonly model: CustomModel;
  /** Acoustic models only: their audio decides whether there is anything to upgrade. */
  readonly audio: AudioSummary | undefined;
  /** Whether the history records the with-language-model step on the version the model is on. */
  readonly languageModelStepDone: boolean;
}

/**
 * Step 1 of IBM's procedure: decide from what the model shows. Upgrade it, skip it with a recorded
 * reason, go straight to the with-language-model step it still owes, or wait while it is busy until
 * the busy deadline.
 */
export function afterCheck(
  task: ModelTask,
  reading: CheckReading,
  clock: Clock,
  policy: PollPolicy,
): StepTransition<ModelTask> {
  const { run, options, model: ref } = task;
  const { model } = reading;
  const now = clock.now();
  // Trained with the language model but without that step recorded on its version: it owes IBM's third step.
  const owes = owesLanguageModelStep(
    model,
    ref.trainedWithLanguageModel,
    () => reading.languageModelStepDone,
  );
  const attemptStartedAt = attemptStartOf(task, now);
  const target = options.targetVersions[model.baseModelName];
  const busySince = task.progress?.busySince ?? null;
  const busyForSeconds = busySince ? secondsBetween(busySince, now) : 0;
  const decision = decideOnCheck({
    model,
    audio: reading.audio,
    onTargetVersion: target !== undefined && hasVersion(model.versions, model.baseModelName, target),
    owesLanguageModelStep: owes,
    dryRun: run.dryRun,
    busyForSeconds,
    busyDeadlineSeconds: options.busyDeadlineSeconds,
  });
  const writes: HistoryWrite[] = [];
  if (!task.progress) {
    writes.push({
      kind: 'open-attempt',
      attempt: {
        kind: ref.kind,
        modelName: model.name,
        baseModelName: model.baseModelName,
        statusBefore: model.status,
        versionBefore: model.versions.at(-1) ?? null,
        targetVersion: target,
      },
    });
  }
  writes.push({
    kind: 'step',
    step: HistoryStep.Check,
    detail: { status: model.status, decision: decision.action },
    dedupKey: `check-${now.getTime()}`,
  });
  const progress = {
    ...progressAfterCheck(model, attemptStartedAt),
    owesLanguageModelStep: owes,
  };
  switch (decision.action) {
    case 'give-up':
      return {
        writes,
        fail: new UpgraderError(decision.error, `${modelLabel(ref, model.name)}, check: ${decision.message}`),
      };
    case 'wait': {
      const delay = busyRecheckDelaySeconds({ kind: ref.kind, waitedSeconds: busyForSeconds }, policy);
      return {
        writes,
        next: {
          ...task,
          progress: {
            ...progress,
            next: NextAction.WaitUntilFree,
            busySince: busySince ?? now.toISOString(),
            wakeAt: clock.wakeTimeAfter(delay),
          },
        },
      };
    }
    case 'skip':
      writes.push({
        kind: 'update-attempt',
        change: skippedAttempt(skipOf(decision.reason), now.toISOString()),
      });
      return { writes, next: { ...task, progress: { ...progress, next: NextAction.Skip } } };
    case 'upgrade-with-language-model':
      return {
        writes,
        next: { ...task, progress: { ...progress, next: NextAction.StartUpgradeWithLanguageModel } },
      };
    case 'upgrade':
      return { writes, next: { ...task, progress } };
  }
}

/** A model's attempt starts at its first check; its later checks (while busy) carry that instant on. */
export function attemptStartOf(task: ModelTask, now: Date): string {
  return task.progress?.attemptStartedAt ?? now.toISOString();
}
