import { parseOrThrow } from '#core/contract/parse.js';
import type { CustomModel } from '#core/model/custom-model.js';
import { attemptsLeftOpenByOthers, stoppedAttemptEnd } from '#core/stopping/stopped-attempt.js';
import { versionOwingLanguageModelStep } from '#core/unit/language-model-step.js';
import { afterCheck, attemptStartOf } from '#core/unit/steps/after-check.js';
import { type ModelTask, modelTaskSchema } from '#core/unit/unit-state.js';
import { awsUnitHandler } from './runtime/aws-unit-deps.js';
import { frozenClock } from './runtime/frozen-clock.js';
import { settle } from './runtime/history-writer.js';
import { readModel } from './runtime/read-model.js';
import type { UnitDeps, UnitHandler } from './runtime/unit-deps.js';

/** Step 1 of IBM's procedure: read the model (and its audio, and whether it owes a step), then decide in core. */
export function checkModel(deps: UnitDeps): UnitHandler {
  return async (event) => {
    const task = parseOrThrow(modelTaskSchema, event, 'check-model input');
    const { run, model: ref } = task;
    const stt = await deps.stt(run.instanceId);
    const model = await readModel(stt, ref);
    const audio = ref.kind === 'acoustic' ? await stt.listAudio(ref.customizationId) : undefined;
    const owedOn = versionOwingLanguageModelStep(model, ref.trainedWithLanguageModel);
    const languageModelStepDone =
      owedOn !== null &&
      (await deps.history.hasLanguageModelStep(run.instanceId, ref.customizationId, owedOn));
    const clock = frozenClock(deps.clock);
    await closeStoppedAttempts(deps, task, model, clock.now());
    const transition = afterCheck(task, { model, audio, languageModelStepDone }, clock, deps.pollPolicy);
    const scope = {
      run,
      customizationId: ref.customizationId,
      attemptStartedAt: attemptStartOf(task, clock.now()),
    };
    return settle(deps.history, clock, scope, transition);
  };
}

/**
 * Closes the model's attempts left open by runs that have ended: an upgrade IBM accepted from a run
 * that was then stopped is recorded, under that run's id, once the model shows it done. Read from the
 * model's own partition (consistent), never through an index.
 */
async function closeStoppedAttempts(
  deps: UnitDeps,
  task: ModelTask,
  model: CustomModel,
  now: Date,
): Promise<void> {
  const { run, model: ref } = task;
  const recent = await deps.history.modelHistory(run.instanceId, ref.customizationId, { limit: 5 });
  for (const attempt of attemptsLeftOpenByOthers(recent, run.runId)) {
    const end = stoppedAttemptEnd(attempt, await deps.history.getRun(attempt.runId), model, now);
    if (end) await deps.history.updateAttempt(attempt, end);
  }
}

export const handler = awsUnitHandler(checkModel);
