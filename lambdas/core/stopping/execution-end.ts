import { z } from 'zod';
import { ErrorName } from '../contract/workflow-contract.js';
import type { UnitRun } from '../history/history-records.js';

/** The statuses of an execution that ended without running its own last state. */
export const endedBadlyStatuses = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;

/**
 * EventBridge's `Step Functions Execution Status Change` event, as far as the closer reads it. A
 * fleet's unit runs as a child execution of its Distributed Map: its `stateMachineArn` is the fleet's
 * with the Map Run's label (`...:stateMachine:<fleet>/<label>`) and its `name` is the unit's run id.
 */
export const executionStatusChangeSchema = z.looseObject({
  source: z.literal('aws.states'),
  detail: z.looseObject({
    executionArn: z.string().min(1),
    stateMachineArn: z.string().min(1),
    name: z.string().min(1),
    status: z.enum(endedBadlyStatuses),
  }),
});
export type ExecutionEnd = z.infer<typeof executionStatusChangeSchema>['detail'];

/** Whose end an event reports: a fleet execution (its units are closed with it) or a unit execution. */
export type EndedExecution =
  | { readonly kind: 'fleet'; readonly fleetRunId: string }
  | { readonly kind: 'unit'; readonly runId: string };

/** Execution names are run ids: a fleet run's when the state machine is the fleet's own, else a unit run's. */
export function endedExecution(end: ExecutionEnd, fleetStateMachineArn: string | undefined): EndedExecution {
  return end.stateMachineArn === fleetStateMachineArn
    ? { kind: 'fleet', fleetRunId: end.name }
    : { kind: 'unit', runId: end.name };
}

/** How a run left open by an execution that ended is closed; null when it is not open. */
export function abandonment(
  run: Pick<UnitRun, 'outcome'> | undefined,
  end: { readonly status: ExecutionEnd['status']; readonly fleetRunId?: string },
  now: Date,
): { outcome: 'failed'; endedAt: string; error: string; cause: string } | null {
  if (run?.outcome !== 'running') return null;
  const ended = `ended ${end.status} before the run recorded its end`;
  return {
    outcome: 'failed',
    endedAt: now.toISOString(),
    error: ErrorName.RunAbandoned,
    cause: end.fleetRunId ? `its fleet run ${end.fleetRunId} ${ended}` : `the execution ${ended}`,
  };
}

/** How a fleet run whose execution ended before its summary is closed. */
export function fleetAbandonment(end: { readonly status: ExecutionEnd['status'] }, now: Date) {
  return {
    endedAt: now.toISOString(),
    error: ErrorName.RunAbandoned,
    cause: `the fleet execution ended ${end.status} before its summary; its open unit runs were closed`,
  };
}
