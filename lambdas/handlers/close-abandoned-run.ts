import { z } from 'zod';
import { HistoryStore } from '#adapters/history-store/index.js';
import { systemClock } from '#adapters/system-clock.js';
import type { Clock } from '#core/clock.js';
import { ErrorName } from '#core/errors.js';
import { parseOrThrow } from '#core/parse.js';
import { awsTriggerHandler } from './runtime/aws-trigger-deps.js';
import { releaseClaims } from './runtime/history-writer.js';
import type { TriggerHandler } from './runtime/trigger-deps.js';

/** What the closer needs: the history table and a clock. */
export interface CloserDeps {
  readonly history: Pick<HistoryStore, 'runHistory' | 'finishRun' | 'releaseClaims'>;
  readonly clock: Pick<Clock, 'now'>;
}

/** EventBridge's "Step Functions Execution Status Change" event, as far as the closer reads it. */
export const executionStatusChangeSchema = z.looseObject({
  source: z.literal('aws.states'),
  detail: z.looseObject({
    executionArn: z.string().min(1),
    name: z.string().min(1),
    status: z.enum(['FAILED', 'TIMED_OUT', 'ABORTED']),
  }),
});

/**
 * A unit execution that was stopped, timed out or died where no state of its own could run never
 * records its end: this closes its run as failed with `RunAbandoned` and releases its claims, so
 * its models are free for the next run at once instead of after their claims' lease.
 */
export function closeAbandonedRun(deps: CloserDeps): TriggerHandler {
  return async (event) => {
    const { detail } = parseOrThrow(executionStatusChangeSchema, event, 'execution status change event');
    const { run } = await deps.history.runHistory(detail.name);
    if (run?.outcome !== 'running') return { runId: detail.name, closed: false };
    await deps.history.finishRun(run.runId, {
      outcome: 'failed',
      endedAt: deps.clock.now().toISOString(),
      error: ErrorName.RunAbandoned,
      cause: `the execution ended ${detail.status} before the run recorded its end`,
    });
    for (const customizationId of run.modelIds) {
      await releaseClaims(deps.history, run, customizationId);
    }
    return { runId: run.runId, closed: true };
  };
}

const environmentSchema = z.object({ HISTORY_TABLE_NAME: z.string().min(1) });

export const handler = awsTriggerHandler((env): CloserDeps => {
  const config = parseOrThrow(environmentSchema, env, 'Lambda environment');
  return { history: new HistoryStore({ tableName: config.HISTORY_TABLE_NAME }), clock: systemClock };
}, closeAbandonedRun);
