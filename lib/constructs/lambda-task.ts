import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { taskTimeoutSeconds } from '#core/contract/lambda-tasks/function-timeouts.js';
import { lambdaServiceErrors, lambdaTimeoutErrors } from '#core/contract/lambda-tasks/task-errors.js';

export interface LambdaTaskProps {
  readonly fn: lambda.IFunction;
  readonly payload: sfn.TaskInput;
  /** The function's own timeout: the task waits a little longer, so Lambda's timeout decides. */
  readonly functionTimeoutSeconds: number;
  /** Where the result goes; CDK's defaults (the whole invoke result replaces the state) otherwise. */
  readonly result?: Pick<tasks.LambdaInvokeProps, 'outputPath' | 'resultPath' | 'resultSelector'>;
}

/**
 * Every Lambda task of every state machine, with the retries every one of them needs: Lambda's
 * throttles and service errors (a fleet can reach a low concurrency quota), then a function or task
 * that timed out. A timeout is "maybe started": the handler may have sent its request, so the retry
 * observes before it decides (see the start step's note on its claim).
 */
export function lambdaTask(scope: Construct, id: string, props: LambdaTaskProps): tasks.LambdaInvoke {
  const task = new tasks.LambdaInvoke(scope, id, {
    lambdaFunction: props.fn,
    payload: props.payload,
    ...props.result,
    taskTimeout: sfn.Timeout.duration(Duration.seconds(taskTimeoutSeconds(props.functionTimeoutSeconds))),
    // Replaced by the retries below: CDK's own leaves throttles out and retries in step, without jitter.
    retryOnServiceExceptions: false,
  });
  task.addRetry({
    errors: [...lambdaServiceErrors],
    interval: Duration.seconds(2),
    maxAttempts: 10,
    backoffRate: 2,
    maxDelay: Duration.minutes(1),
    jitterStrategy: sfn.JitterType.FULL,
  });
  task.addRetry({
    errors: [...lambdaTimeoutErrors],
    interval: Duration.seconds(5),
    maxAttempts: 3,
    backoffRate: 2,
    jitterStrategy: sfn.JitterType.FULL,
  });
  return task;
}
