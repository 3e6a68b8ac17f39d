import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { functionTimeoutSeconds, unitFunctionCalls } from '#core/contract/lambda-tasks/function-timeouts.js';
import { ErrorName, VerificationNext, VerifyPhase } from '#core/contract/workflow-contract.js';
import { lambdaTask } from './lambda-task.js';

/** The function the verification chain invokes, once per phase. */
export interface VerifyFunctions {
  readonly verifyModel: lambda.IFunction;
}

export interface VerificationChainOptions {
  /** Recognise tasks of one model in flight at once (`verification.recognitionConcurrency`). */
  readonly recognitionConcurrency: number;
}

/** Every phase runs in the same function, whose timeout its longest phase (a recognise batch) sets. */
const verifyFunctionTimeout = functionTimeoutSeconds(unitFunctionCalls['verify-model']);

/** The model's document as the upgrade left it: what prepare and score read. */
const modelDocument = {
  'run.$': '$.run',
  'options.$': '$.options',
  'model.$': '$.model',
  'progress.$': '$.progress',
};

function phaseTask(
  scope: Construct,
  id: string,
  fn: lambda.IFunction,
  payload: sfn.TaskInput,
  result: Pick<tasks.LambdaInvokeProps, 'resultPath' | 'resultSelector'>,
): tasks.LambdaInvoke {
  const task = lambdaTask(scope, id, { fn, payload, functionTimeoutSeconds: verifyFunctionTimeout, result });
  // 429, 5xx and network failures from IBM: back off with full jitter, so parallel batches do not retry in step.
  task.addRetry({
    errors: [ErrorName.Transient],
    interval: Duration.seconds(5),
    maxAttempts: 5,
    backoffRate: 2,
    maxDelay: Duration.minutes(2),
    jitterStrategy: sfn.JitterType.FULL,
  });
  return task;
}

/**
 * Verification of one model whose upgrade ended: prepare (no test set or nothing to compare: record
 * and go on), recognise the test set in batches with the old and the new version, score. Every
 * state's failure is caught and recorded as `invalid`: a verification never fails a finished
 * upgrade. The document passes through unchanged but for `$.verification`; chain the next state
 * with `.next()`.
 */
export function verificationChain(
  scope: Construct,
  label: string,
  fns: VerifyFunctions,
  options: VerificationChainOptions,
): sfn.Chain {
  const name = (state: string) => `${label}: ${state}`;
  const caught = { errors: [sfn.Errors.ALL], resultPath: '$.verificationFailure' };
  // Not 'verified': a model without a test set passes here too, and progress views show the state's name.
  const end = new sfn.Pass(scope, name('after verification'));

  const recordInvalid = phaseTask(
    scope,
    name('record verification invalid'),
    fns.verifyModel,
    sfn.TaskInput.fromObject({
      phase: VerifyPhase.Score,
      ...modelDocument,
      'failure.$': '$.verificationFailure',
    }),
    { resultPath: sfn.JsonPath.DISCARD },
  );
  // Not even the record could be written: the upgrade still stands.
  recordInvalid.addCatch(end, { errors: [sfn.Errors.ALL], resultPath: sfn.JsonPath.DISCARD });
  recordInvalid.next(end);

  const prepare = phaseTask(
    scope,
    name('prepare verification'),
    fns.verifyModel,
    sfn.TaskInput.fromObject({ phase: VerifyPhase.Prepare, ...modelDocument }),
    {
      resultSelector: { 'next.$': '$.Payload.next', 'batches.$': '$.Payload.batches' },
      resultPath: '$.verification',
    },
  );
  prepare.addCatch(recordInvalid, caught);

  const recognise = phaseTask(
    scope,
    name('recognise batch'),
    fns.verifyModel,
    // The item is the batch number with the ids it needs, as the Map's ItemSelector built it.
    sfn.TaskInput.fromJsonPathAt('$'),
    { resultPath: sfn.JsonPath.DISCARD },
  );
  const batches = new sfn.Map(scope, name('recognise test set'), {
    itemsPath: '$.verification.batches',
    maxConcurrency: options.recognitionConcurrency,
    // Ids only: transcripts go to the history table, never into the state.
    itemSelector: {
      phase: VerifyPhase.Recognise,
      'runId.$': '$.run.runId',
      'instanceId.$': '$.run.instanceId',
      'customizationId.$': '$.model.customizationId',
      'batch.$': '$$.Map.Item.Value',
    },
    resultPath: sfn.JsonPath.DISCARD,
  });
  batches.itemProcessor(recognise);
  batches.addCatch(recordInvalid, caught);

  const score = phaseTask(
    scope,
    name('score verification'),
    fns.verifyModel,
    sfn.TaskInput.fromObject({ phase: VerifyPhase.Score, ...modelDocument }),
    { resultPath: sfn.JsonPath.DISCARD },
  );
  score.addCatch(recordInvalid, caught);
  score.next(end);

  const hasTestSet = new sfn.Choice(scope, name('anything to recognise?'))
    .when(sfn.Condition.stringEquals('$.verification.next', VerificationNext.Recognise), batches.next(score))
    .otherwise(end);
  prepare.next(hasTestSet);
  return sfn.Chain.custom(prepare, [end], end);
}
