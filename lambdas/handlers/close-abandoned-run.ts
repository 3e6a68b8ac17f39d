import { z } from 'zod';
import { HistoryStore, requestsNotedOn } from '#adapters/history-store/index.js';
import { systemClock } from '#adapters/system-clock.js';
import type { Clock } from '#core/contract/clock.js';
import { parseOrThrow } from '#core/contract/parse.js';
import {
  abandonment,
  type ExecutionEnd,
  endedExecution,
  executionStatusChangeSchema,
  fleetAbandonment,
} from '#core/stopping/execution-end.js';
import { awsTriggerHandler } from './runtime/aws-trigger-deps.js';
import { releaseClaims } from './runtime/history-writer.js';
import type { TriggerHandler } from './runtime/trigger-deps.js';

/** What the closer needs: the history table, a clock, and which state machine is the fleet's. */
export interface CloserDeps {
  readonly history: Pick<HistoryStore, 'getRun' | 'finishRun' | 'releaseClaims' | 'claims' | 'stopped'> & {
    readonly fleet: Pick<HistoryStore['fleet'], 'unitRuns' | 'abandonRun'>;
  };
  readonly clock: Pick<Clock, 'now'>;
  /** The fleet state machine's ARN: its executions' ends close every unit run they left open. */
  readonly fleetStateMachineArn?: string | undefined;
}

/**
 * A unit execution that was stopped, timed out or died where no state of its own could run never
 * records its end: this closes its run as failed with `RunAbandoned` and releases its claims, so its
 * models are free for the next run at once instead of after their claims' lease. It leaves a note per
 * model (with the requests the run noted on its claims), so the next run that reads a model records
 * what IBM finished for the closed run under its id. A fleet execution's
 * end closes every unit run it started that is still open (their executions may still be running or
 * be stopped with it), and the fleet run itself.
 */
export function closeAbandonedRun(deps: CloserDeps): TriggerHandler {
  return async (event) => {
    const { detail } = parseOrThrow(executionStatusChangeSchema, event, 'execution status change event');
    const ended = endedExecution(detail, deps.fleetStateMachineArn);
    if (ended.kind === 'unit')
      return { runId: ended.runId, closed: await closeRun(deps, ended.runId, detail) };
    const closed: string[] = [];
    for (const unitRun of await deps.history.fleet.unitRuns(ended.fleetRunId)) {
      const end = { status: detail.status, fleetRunId: ended.fleetRunId };
      if (await closeRun(deps, unitRun.unitRunId, end)) closed.push(unitRun.unitRunId);
    }
    const fleet = await deps.history.fleet.abandonRun(
      ended.fleetRunId,
      fleetAbandonment(detail, deps.clock.now()),
    );
    return { fleetRunId: ended.fleetRunId, closed: fleet.ended, unitRunsClosed: closed };
  };
}

/** Closes one run if it is still open and releases its claims; whether this call closed it. */
async function closeRun(
  deps: CloserDeps,
  runId: string,
  end: { readonly status: ExecutionEnd['status']; readonly fleetRunId?: string },
): Promise<boolean> {
  const run = await deps.history.getRun(runId);
  const close = abandonment(run, end, deps.clock.now());
  if (!run || !close) return false;
  const { finished } = await deps.history.finishRun(run.runId, close);
  // Done even when another call closed it first: a retried closer finishes what it began.
  for (const customizationId of run.modelIds) {
    const claims = await deps.history.claims(run.instanceId, customizationId);
    // IBM may still be finishing what the run asked for: the next run to read the model settles its attempt.
    await deps.history.stopped.leave({
      instanceId: run.instanceId,
      customizationId,
      runId: run.runId,
      closedAt: close.endedAt,
      requests: requestsNotedOn(claims.filter((claim) => claim.runId === run.runId)),
    });
    await releaseClaims(deps.history, run, customizationId);
  }
  return finished;
}

const environmentSchema = z.object({
  HISTORY_TABLE_NAME: z.string().min(1),
  FLEET_STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
});

export const handler = awsTriggerHandler((env): CloserDeps => {
  const config = parseOrThrow(environmentSchema, env, 'Lambda environment');
  return {
    history: new HistoryStore({ tableName: config.HISTORY_TABLE_NAME }),
    clock: systemClock,
    fleetStateMachineArn: config.FLEET_STATE_MACHINE_ARN,
  };
}, closeAbandonedRun);
