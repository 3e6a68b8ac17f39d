import { ErrorName, UpgraderError } from '#core/errors.js';
import { modelLabel } from '#core/model-label.js';
import { parseOrThrow } from '#core/parse.js';
import { nextPollDelaySeconds } from '#core/poll-policy.js';
import { modelProgressSchema, modelTaskSchema } from '#core/unit-workflow.js';
import { judgePoll, skipReasonText } from '#core/upgrade-decision.js';
import { attemptKey } from './runtime/attempt-key.js';
import { awsUnitHandler } from './runtime/aws-unit-deps.js';
import { readModel } from './runtime/read-model.js';
import type { UnitDeps, UnitHandler } from './runtime/unit-deps.js';

const pollTaskSchema = modelTaskSchema.extend({ progress: modelProgressSchema });

/**
 * One status poll of a running upgrade step. Says when to poll again (the poll policy), moves an
 * acoustic model trained with a language model on to its second step, or closes the attempt.
 */
export function pollUpgrade(deps: UnitDeps): UnitHandler {
  return async (event) => {
    const task = parseOrThrow(pollTaskSchema, event, 'poll-upgrade input');
    const { run, options, model: ref, progress } = task;
    if (!progress.step || !progress.requestedAt) {
      throw new UpgraderError(
        ErrorName.InvalidInput,
        `${modelLabel(ref)}: poll before any upgrade was requested`,
      );
    }
    const stt = await deps.stt(run.instanceId);
    const model = await readModel(stt, ref);
    const now = deps.clock.now();
    const polls = progress.polls + 1;
    const elapsedSeconds = (now.getTime() - Date.parse(progress.requestedAt)) / 1000;
    const key = attemptKey(run, ref.customizationId, progress.attemptStartedAt);
    const label = `${modelLabel(ref, progress.modelName)}, ${progress.step}`;
    const verdict = judgePoll({
      model,
      step: progress.step,
      versionsBefore: progress.versionsBefore,
      updatedBefore: progress.updatedBefore,
    });
    await deps.history.updateAttempt(key, {}, { addPolls: 1 });
    await deps.history.recordStep(
      {
        runId: run.runId,
        customizationId: ref.customizationId,
        step: 'poll',
        at: now.toISOString(),
        detail: { upgradeStep: progress.step, status: model.status, verdict: verdict.state, polls },
      },
      `${progress.step}-poll-${polls}`,
    );

    if (verdict.state === 'failed') {
      throw new UpgraderError(
        ErrorName.UpgradeFailed,
        `${label}: IBM reports the upgrade failed: ${verdict.message}`,
      );
    }
    if (verdict.state === 'in-progress') {
      if (elapsedSeconds > options.upgradeDeadlineSeconds) {
        throw new UpgraderError(
          ErrorName.UpgradeTimeout,
          `${label}: still '${model.status}' after ${Math.round(elapsedSeconds)} s (deadline ${options.upgradeDeadlineSeconds} s)`,
        );
      }
      const delay = nextPollDelaySeconds(
        {
          kind: ref.kind,
          expectedSeconds: progress.expectedSeconds,
          elapsedSeconds,
          pollsSoFar: polls,
          pollBudget: options.pollBudgetPerStep,
        },
        deps.pollPolicy,
      );
      if (delay.action === 'budget-exhausted') {
        throw new UpgraderError(
          ErrorName.PollBudgetExhausted,
          `${label}: ${polls} polls used, the most one execution may make; the upgrade goes on at IBM and the next run picks the model up`,
        );
      }
      return {
        ...task,
        progress: { ...progress, next: 'poll', polls, wakeAt: deps.clock.wakeTimeAfter(delay.seconds) },
      };
    }

    if (ref.trainedWithLanguageModel && progress.step === 'upgrade') {
      return {
        ...task,
        progress: { ...progress, next: 'start-upgrade-with-language-model', polls, wakeAt: null },
      };
    }
    const endedAt = now.toISOString();
    const nothingChanged = !verdict.changed && progress.step === 'upgrade';
    if (nothingChanged) await deps.history.releaseClaims(run.instanceId, ref.customizationId, run.runId);
    await deps.history.updateAttempt(key, {
      outcome: nothingChanged ? 'skipped' : 'upgraded',
      reason: nothingChanged ? skipReasonText['already-up-to-date'] : leftStatusNote(progress.statusBefore),
      versionAfter: verdict.versionAfter ?? model.versions.at(-1),
      leftStatus: model.status === 'ready' ? 'ready' : 'available',
      endedAt,
      durationSeconds: Math.round(elapsedSeconds),
    });
    return { ...task, progress: { ...progress, next: 'done', polls, wakeAt: null } };
  };
}

/** IBM returns a model to the status it had; a `ready` model stays untrained, which operators must know. */
function leftStatusNote(statusBefore: string): string | undefined {
  return statusBefore === 'ready' ? "left 'ready' as it was: not trained by the upgrader" : undefined;
}

export const handler = awsUnitHandler(pollUpgrade);
