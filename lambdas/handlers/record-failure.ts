import { parseOrThrow } from '#core/contract/parse.js';
import { attemptStartOf } from '#core/unit/steps/after-check.js';
import { afterFailure } from '#core/unit/steps/after-failure.js';
import { recordFailureTaskSchema } from '#core/unit/unit-state.js';
import { awsUnitHandler } from './runtime/aws-unit-deps.js';
import { causeText } from './runtime/cause-text.js';
import { frozenClock } from './runtime/frozen-clock.js';
import { writeHistory } from './runtime/history-writer.js';
import type { UnitDeps, UnitHandler } from './runtime/unit-deps.js';

/** Where every caught failure of a model lands: closes its attempt as failed and frees its claims. */
export function recordFailure(deps: UnitDeps): UnitHandler {
  return async (event) => {
    const task = parseOrThrow(recordFailureTaskSchema, event, 'record-failure input');
    const clock = frozenClock(deps.clock);
    const attemptStartedAt = attemptStartOf(task, clock.now());
    const writes = afterFailure(task, causeText(task.failure.Cause), clock);
    await writeHistory(
      deps.history,
      clock,
      { run: task.run, customizationId: task.model.customizationId, attemptStartedAt },
      writes,
    );
    return task;
  };
}

export const handler = awsUnitHandler(recordFailure);
