/**
 * What Step Functions says of an execution: its status, or `gone` when no such execution exists
 * (Step Functions forgets executions 90 days after they end; a local process that exited forgets its own).
 */
export type ExecutionStatus =
  | 'RUNNING'
  | 'PENDING_REDRIVE'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'TIMED_OUT'
  | 'ABORTED'
  | 'gone';

/** DescribeExecution, as far as a claim's contender needs it. */
export interface ExecutionStatusReader {
  status(executionArn: string): Promise<ExecutionStatus>;
}

/** Whether an execution can no longer act: ended, or forgotten. A redrive pending may still resume it. */
export function hasEnded(status: ExecutionStatus): boolean {
  return status !== 'RUNNING' && status !== 'PENDING_REDRIVE';
}
