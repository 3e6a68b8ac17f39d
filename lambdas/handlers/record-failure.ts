import { parseOrThrow } from '#core/contract/parse.js';
import { attemptStartOf } from '#core/unit/steps/after-check.js';
import { afterFailure } from '#core/unit/steps/after-failure.js';
import { recordFailureTaskSchema } from '#core/unit/unit-state.js';
import { awsUnitDeps } from './runtime/aws-deps.js';
import { causeText } from './runtime/cause-text.js';
import { frozenClock } from './runtime/frozen-clock.js';
import { type HistoryWriter, writeHistory } from './runtime/history-writer.js';
import { lambdaHandler } from './runtime/lambda-entry.js';
import type { UnitDeps, UnitHandler } from './runtime/unit-deps.js';

/** Where every caught failure of a model lands: closes its attempt as failed and frees its claims. */
export function recordFailure(
  deps: Pick<UnitDeps, 'clock'> & { readonly history: HistoryWriter },
): UnitHandler {
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

export const handler = lambdaHandler(awsUnitDeps, recordFailure);
