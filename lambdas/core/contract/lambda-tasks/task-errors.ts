/**
 * Error names Step Functions gives a Lambda task (`lambda:invoke`) when the failure is Lambda's or
 * the task's own, not the handler's. The state machine definitions retry them (`lib/`) and the local
 * executor raises them (`local/`): both take the names from here.
 */
export const LambdaTaskError = {
  /** Lambda refused the invoke: the function's or the account's concurrency is spent. */
  TooManyRequests: 'Lambda.TooManyRequestsException',
  /** Lambda's own transient failures, as AWS lists them for Step Functions to retry. */
  Service: 'Lambda.ServiceException',
  AwsLambda: 'Lambda.AWSLambdaException',
  SdkClient: 'Lambda.SdkClientException',
  ClientExecutionTimeout: 'Lambda.ClientExecutionTimeoutException',
  /** Lambda stopped the function at its timeout: the invoke's function error on current runtimes. */
  FunctionTimedOut: 'Sandbox.Timedout',
  /** An unhandled function error with no type of its own; AWS documents function timeouts under it too. */
  Unknown: 'Lambda.Unknown',
  /** The task's own `TimeoutSeconds` passed before the function answered. */
  TaskTimedOut: 'States.Timeout',
} as const;
export type LambdaTaskError = (typeof LambdaTaskError)[keyof typeof LambdaTaskError];

/** Failures of Lambda itself, before or around the function: always safe to invoke again. */
export const lambdaServiceErrors: readonly LambdaTaskError[] = [
  LambdaTaskError.TooManyRequests,
  LambdaTaskError.Service,
  LambdaTaskError.AwsLambda,
  LambdaTaskError.SdkClient,
  LambdaTaskError.ClientExecutionTimeout,
];

/**
 * The function or its task ran out of time: whatever it had sent may have taken effect ("maybe
 * started"), so the task is invoked again and the handler observes before it decides.
 */
export const lambdaTimeoutErrors: readonly LambdaTaskError[] = [
  LambdaTaskError.FunctionTimedOut,
  LambdaTaskError.Unknown,
  LambdaTaskError.TaskTimedOut,
];
