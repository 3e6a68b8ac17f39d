// Shapes in which AWS hands service-integration results and errors to a state machine.

export type ExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';

export interface ExecutionSummary {
  executionArn: string;
  name: string;
  stateMachineArn: string;
  input: unknown;
  status: ExecutionStatus;
  output?: unknown;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate: Date;
}

/** An error as Step Functions sees it: `name` is matched by Retry/Catch, `message` becomes the Cause. */
export const stateError = (name: string, cause: string): Error => {
  const error = new Error(cause);
  error.name = name;
  return error;
};

/** Like a Lambda function error: `errorType` from the thrown error's name, `errorMessage` from its message. */
export const lambdaError = (thrown: unknown): Error =>
  thrown instanceof Error ? stateError(thrown.name, thrown.message) : stateError('Error', String(thrown));

/** What `lambda:invoke` returns for a synchronous invocation. */
export const lambdaInvokeResult = (payload: unknown) => ({
  Payload: payload,
  StatusCode: 200,
  ExecutedVersion: '$LATEST',
  SdkHttpMetadata: {},
  SdkResponseMetadata: {},
});

/** DescribeExecution as `startExecution.sync:2` reports it: input and output as parsed JSON, dates in ms. */
export const describeExecution = (child: ExecutionSummary) => ({
  ExecutionArn: child.executionArn,
  StateMachineArn: child.stateMachineArn,
  Name: child.name,
  Status: child.status,
  StartDate: child.startDate.getTime(),
  StopDate: child.stopDate.getTime(),
  Input: child.input,
  InputDetails: { Included: true },
  ...(child.status === 'SUCCEEDED'
    ? { Output: child.output, OutputDetails: { Included: true } }
    : { Error: child.error, Cause: child.cause }),
  RedriveCount: 0,
  RedriveStatus: 'NOT_REDRIVABLE',
});

/** JSON round trip, as every payload crossing a service boundary in AWS. */
export const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));
