import { parseOrThrow } from '#core/contract/parse.js';
import { versionOwingLanguageModelStep } from '#core/unit/language-model-step.js';
import { afterCheck, attemptStartOf } from '#core/unit/steps/after-check.js';
import { modelTaskSchema } from '#core/unit/unit-state.js';
import { awsUnitDeps } from './runtime/aws-deps.js';
import { frozenClock } from './runtime/frozen-clock.js';
import { settle } from './runtime/history-writer.js';
import { lambdaHandler } from './runtime/lambda-entry.js';
import { readModel } from './runtime/read-model.js';
import { settleModelAttempts } from './runtime/stopped-attempts.js';
import type { UnitDeps, UnitHandler } from './runtime/unit-deps.js';

/** Step 1 of IBM's procedure: read the model (and its audio, and whether it owes a step), then decide in core. */
export function checkModel(deps: UnitDeps): UnitHandler {
  return async (event) => {
    const task = parseOrThrow(modelTaskSchema, event, 'check-model input');
    const { run, model: ref } = task;
    const stt = await deps.stt(run.instanceId);
    const readAt = deps.clock.now();
    const model = await readModel(stt, ref);
    const audio = ref.kind === 'acoustic' ? await stt.listAudio(ref.customizationId) : undefined;
    const clock = frozenClock(deps.clock);
    // First: a stopped run's with-language-model step that IBM finished is recorded before it is asked for.
    const pairedWith = (ref.trainedWithLanguageModel && ref.languageModelId) || undefined;
    await settleModelAttempts(deps.history, run, { model, readAt }, pairedWith, clock.now());
    const owedOn = versionOwingLanguageModelStep(model, ref.trainedWithLanguageModel);
    const languageModelStepDone =
      owedOn !== null &&
      (await deps.history.hasLanguageModelStep(run.instanceId, ref.customizationId, owedOn));
    const transition = afterCheck(task, { model, audio, languageModelStepDone }, clock, deps.pollPolicy);
    const scope = {
      run,
      customizationId: ref.customizationId,
      attemptStartedAt: attemptStartOf(task, clock.now()),
    };
    return settle(deps.history, clock, scope, transition);
  };
}

export const handler = lambdaHandler(awsUnitDeps, checkModel);
