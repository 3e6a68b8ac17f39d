import { parseOrThrow } from '#core/contract/parse.js';
import { afterPoll } from '#core/unit/steps/after-poll.js';
import { modelProgressSchema, modelTaskSchema } from '#core/unit/unit-state.js';
import { awsUnitHandler } from './runtime/aws-unit-deps.js';
import { frozenClock } from './runtime/frozen-clock.js';
import { settle } from './runtime/history-writer.js';
import { readModel } from './runtime/read-model.js';
import type { UnitDeps, UnitHandler } from './runtime/unit-deps.js';

const pollTaskSchema = modelTaskSchema.extend({ progress: modelProgressSchema });

/** One status poll of a running upgrade step: read the model, let core judge it, record, go on. */
export function pollUpgrade(deps: UnitDeps): UnitHandler {
  return async (event) => {
    const task = parseOrThrow(pollTaskSchema, event, 'poll-upgrade input');
    const { run, model: ref, progress } = task;
    const clock = frozenClock(deps.clock);
    const model = await readModel(await deps.stt(run.instanceId), ref);
    const scope = { run, customizationId: ref.customizationId, attemptStartedAt: progress.attemptStartedAt };
    return settle(deps.history, clock, scope, afterPoll(task, model, clock, deps.pollPolicy));
  };
}

export const handler = awsUnitHandler(pollUpgrade);
