import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT, LOCAL_REGION, stateMachineArn } from './intrinsics.js';
import type { ExecutionStatus } from './responses.js';

/** EventBridge's detail type for an execution's change of status. */
export const EXECUTION_STATUS_CHANGE = 'Step Functions Execution Status Change';

/**
 * The `Step Functions Execution Status Change` event as EventBridge delivers it. For a Distributed
 * Map's item, `stateMachineArn` is the parent's ARN with the Map Run's label (`.../Fleet/RunUnits`)
 * and `executionArn` is `execution:<parent>/<label>:<name>`, as AWS names child executions.
 */
export interface ExecutionStatusChangeEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': typeof EXECUTION_STATUS_CHANGE;
  readonly source: 'aws.states';
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: {
    readonly executionArn: string;
    readonly stateMachineArn: string;
    readonly name: string;
    readonly status: ExecutionStatus | 'RUNNING';
    readonly startDate: number;
    readonly stopDate: number | null;
    readonly input: string;
    readonly output: string | null;
    readonly error: string | null;
    readonly cause: string | null;
  };
}

/** What the event is made of: an execution, as the executor knows it, at a change of its status. */
export interface ExecutionStatusFacts {
  readonly executionArn: string;
  readonly name: string;
  /** Local state machine name: the logical id, or `<parent>/<label>` for a Distributed Map's items. */
  readonly stateMachine: string;
  readonly status: ExecutionStatus | 'RUNNING';
  readonly input: unknown;
  readonly output?: unknown;
  readonly error?: string | undefined;
  readonly cause?: string | undefined;
  readonly startDate: Date;
  readonly stopDate?: Date;
}

export function executionStatusChange(facts: ExecutionStatusFacts): ExecutionStatusChangeEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': EXECUTION_STATUS_CHANGE,
    source: 'aws.states',
    account: LOCAL_ACCOUNT,
    time: (facts.stopDate ?? facts.startDate).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: LOCAL_REGION,
    resources: [facts.executionArn],
    detail: {
      executionArn: facts.executionArn,
      stateMachineArn: stateMachineArn(facts.stateMachine),
      name: facts.name,
      status: facts.status,
      startDate: facts.startDate.getTime(),
      stopDate: facts.stopDate?.getTime() ?? null,
      // EventBridge carries input and output as JSON strings.
      input: JSON.stringify(facts.input ?? {}),
      output: facts.status === 'SUCCEEDED' ? JSON.stringify(facts.output ?? null) : null,
      error: facts.error ?? null,
      cause: facts.cause ?? null,
    },
  };
}
