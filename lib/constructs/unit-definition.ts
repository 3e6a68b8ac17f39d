import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import {
  functionTimeoutSeconds,
  type UnitFunctionName,
  unitFunctionCalls,
} from '#core/contract/lambda-tasks/function-timeouts.js';
import { ErrorName, NextAction, UpgradeStep } from '#core/contract/workflow-contract.js';
import { lambdaTask } from './lambda-task.js';
import { verificationChain } from './verify-definition.js';

/** The Lambda functions the upgrade-unit definition invokes. */
export interface UnitFunctions {
  readonly validateUnit: lambda.IFunction;
  readonly checkModel: lambda.IFunction;
  readonly startUpgrade: lambda.IFunction;
  readonly pollUpgrade: lambda.IFunction;
  readonly recordFailure: lambda.IFunction;
  readonly summarizeUnit: lambda.IFunction;
  /** Present when upgrades are verified against test sets; without it no verification state exists. */
  readonly verifyModel?: lambda.IFunction;
}

export interface UnitDefinitionOptions {
  /** How many acoustic models of one unit upgrade at the same time. */
  readonly acousticConcurrency: number;
  /**
   * Recognition batches of one model's verification in flight at once.
   * @default 4
   */
  readonly recognitionConcurrency?: number;
}

const { Transient, ModelBusy, NoInputModified } = ErrorName;

/** The timeout of a unit function, from the calls it makes (see `function-timeouts.ts`). */
export const unitFunctionTimeout = (name: UnitFunctionName): number =>
  functionTimeoutSeconds(unitFunctionCalls[name]);

/**
 * A task that invokes one of our handlers and continues with what it returned. Lambda's faults are
 * retried as on every Lambda task; transient IBM errors are retried here.
 */
export function invoke(
  scope: Construct,
  id: string,
  fn: lambda.IFunction,
  payload: sfn.TaskInput,
  functionTimeoutSeconds: number,
): tasks.LambdaInvoke {
  const task = lambdaTask(scope, id, {
    fn,
    payload,
    functionTimeoutSeconds,
    result: { outputPath: '$.Payload' },
  });
  // 429, 5xx and network failures from IBM: back off with full jitter so a fleet does not retry in step.
  task.addRetry({
    errors: [Transient],
    interval: Duration.seconds(5),
    // A start task makes several calls; under heavy throttling each attempt may meet a fault.
    maxAttempts: 8,
    backoffRate: 2,
    maxDelay: Duration.minutes(2),
    jitterStrategy: sfn.JitterType.FULL,
  });
  return task;
}

function startUpgradeTask(
  scope: Construct,
  id: string,
  fn: lambda.IFunction,
  step: UpgradeStep,
  force: boolean,
): tasks.LambdaInvoke {
  const task = invoke(
    scope,
    id,
    fn,
    sfn.TaskInput.fromObject({
      'run.$': '$.run',
      'options.$': '$.options',
      'model.$': '$.model',
      'progress.$': '$.progress',
      step,
      force,
    }),
    unitFunctionTimeout('start-upgrade'),
  );
  // A model locked by another request (adding data, training) frees up within minutes to hours.
  task.addRetry({
    errors: [ModelBusy],
    interval: Duration.seconds(30),
    maxAttempts: 8,
    backoffRate: 2,
    maxDelay: Duration.minutes(15),
    jitterStrategy: sfn.JitterType.FULL,
  });
  return task;
}

/**
 * Check, upgrade, wait and poll one model: IBM's procedure for one custom model. With
 * `withLanguageModelStep`, an acoustic model trained with a custom language model is upgraded a
 * second time with that language model, and once more with `force` when IBM answers
 * "No input data modified since last training".
 */
function modelUpgradeChain(
  scope: Construct,
  label: string,
  fns: UnitFunctions,
  withLanguageModelStep: boolean,
  recognitionConcurrency: number,
): sfn.IChainable {
  const name = (state: string) => `${label}: ${state}`;
  const wholeDocument = sfn.TaskInput.fromJsonPathAt('$');

  const check = invoke(
    scope,
    name('check'),
    fns.checkModel,
    wholeDocument,
    unitFunctionTimeout('check-model'),
  );
  const waitUntilFree = new sfn.Wait(scope, name('wait until free'), {
    time: sfn.WaitTime.timestampPath('$.progress.wakeAt'),
  });
  const start = startUpgradeTask(scope, name('start upgrade'), fns.startUpgrade, UpgradeStep.Upgrade, false);
  const waitForUpgrade = new sfn.Wait(scope, name('wait for upgrade'), {
    time: sfn.WaitTime.timestampPath('$.progress.wakeAt'),
  });
  const poll = invoke(
    scope,
    name('poll'),
    fns.pollUpgrade,
    wholeDocument,
    unitFunctionTimeout('poll-upgrade'),
  );
  const skipped = new sfn.Pass(scope, name('skipped'), {
    parameters: { 'customizationId.$': '$.model.customizationId', failed: false },
  });
  const done = new sfn.Pass(scope, name('done'), {
    parameters: { 'customizationId.$': '$.model.customizationId', failed: false },
  });
  const recordFailure = invoke(
    scope,
    name('record failure'),
    fns.recordFailure,
    wholeDocument,
    unitFunctionTimeout('record-failure'),
  );
  const failed = new sfn.Pass(scope, name('failed'), {
    parameters: { 'customizationId.$': '$.model.customizationId', failed: true },
  });
  recordFailure.next(failed);

  const afterStart = new sfn.Choice(scope, name('after start'))
    .when(sfn.Condition.stringEquals('$.progress.next', NextAction.Poll), waitForUpgrade)
    .when(sfn.Condition.stringEquals('$.progress.next', NextAction.Skip), skipped);

  const afterPoll = new sfn.Choice(scope, name('after poll')).when(
    sfn.Condition.stringEquals('$.progress.next', NextAction.Poll),
    waitForUpgrade,
  );
  const catchAll = { errors: [sfn.Errors.ALL], resultPath: '$.failure' };
  let startWithLm: tasks.LambdaInvoke | undefined;
  if (withLanguageModelStep) {
    startWithLm = startUpgradeTask(
      scope,
      name('start upgrade with language model'),
      fns.startUpgrade,
      UpgradeStep.UpgradeWithLanguageModel,
      false,
    );
    const startWithLmForced = startUpgradeTask(
      scope,
      name('start forced upgrade with language model'),
      fns.startUpgrade,
      UpgradeStep.UpgradeWithLanguageModel,
      true,
    );
    startWithLm.addCatch(startWithLmForced, { errors: [NoInputModified], resultPath: '$.failure' });
    startWithLm.addCatch(recordFailure, catchAll);
    startWithLmForced.addCatch(recordFailure, catchAll);
    startWithLm.next(afterStart);
    startWithLmForced.next(afterStart);
    afterPoll.when(
      sfn.Condition.stringEquals('$.progress.next', NextAction.StartUpgradeWithLanguageModel),
      startWithLm,
    );
  }
  // A finished upgrade is verified against the model's test set, if verification is set up.
  afterPoll.otherwise(
    fns.verifyModel
      ? verificationChain(scope, label, { verifyModel: fns.verifyModel }, { recognitionConcurrency }).next(
          done,
        )
      : done,
  );
  if (!withLanguageModelStep) {
    // Language models of improved next-generation base models, when opted in: IBM upgrades them by training.
    const startRetrain = startUpgradeTask(
      scope,
      name('start retrain'),
      fns.startUpgrade,
      UpgradeStep.Retrain,
      false,
    );
    startRetrain.addCatch(recordFailure, catchAll);
    startRetrain.next(afterStart);
    afterStart.when(sfn.Condition.stringEquals('$.progress.next', NextAction.StartRetrain), startRetrain);
  }
  afterStart.otherwise(done);

  for (const task of [check, start, poll]) task.addCatch(recordFailure, catchAll);

  waitUntilFree.next(check);
  waitForUpgrade.next(poll);
  poll.next(afterPoll);
  start.next(afterStart);
  const afterCheck = new sfn.Choice(scope, name('after check'))
    .when(sfn.Condition.stringEquals('$.progress.next', NextAction.WaitUntilFree), waitUntilFree)
    .when(sfn.Condition.stringEquals('$.progress.next', NextAction.Skip), skipped);
  if (startWithLm) {
    // On the target already, but IBM's third step is still owed (its first step's answer was lost,
    // or it was done by hand): go straight to it.
    afterCheck.when(
      sfn.Condition.stringEquals('$.progress.next', NextAction.StartUpgradeWithLanguageModel),
      startWithLm,
    );
  }
  return check.next(afterCheck.otherwise(start));
}

function modelMap(
  scope: Construct,
  id: string,
  props: { itemsPath: string; maxConcurrency: number; resultPath: string },
): sfn.Map {
  return new sfn.Map(scope, id, {
    ...props,
    itemSelector: {
      'run.$': '$.run',
      'options.$': '$.options',
      'model.$': '$$.Map.Item.Value',
    },
  });
}

/**
 * The upgrade-unit workflow: validate, then the language model, then its acoustic models with a
 * concurrency cap, then a summary read back from the history table. Built by one function so the
 * standalone unit state machine and the fleet's per-unit processor are the same definition.
 */
export function buildUnitDefinition(
  scope: Construct,
  fns: UnitFunctions,
  options: UnitDefinitionOptions,
): sfn.IChainable {
  const validate = invoke(
    scope,
    'Validate input',
    fns.validateUnit,
    sfn.TaskInput.fromObject({
      'input.$': '$',
      execution: {
        'id.$': '$$.Execution.Id',
        'name.$': '$$.Execution.Name',
        'startTime.$': '$$.Execution.StartTime',
      },
    }),
    unitFunctionTimeout('validate-unit'),
  );

  // Each iteration ends with { customizationId, failed }: the unit stops after a failed language model.
  const languageModel = modelMap(scope, 'Upgrade language model', {
    itemsPath: '$.languageModels',
    maxConcurrency: 1,
    resultPath: '$.languageModelOutcomes',
  });
  languageModel.itemProcessor(
    modelUpgradeChain(scope, 'Language model', fns, false, options.recognitionConcurrency ?? 4),
  );

  // Outcomes are read back from the history table, so the per-model results need not grow the payload.
  const acousticModels = modelMap(scope, 'Upgrade acoustic models', {
    itemsPath: '$.acousticModels',
    maxConcurrency: options.acousticConcurrency,
    resultPath: sfn.JsonPath.DISCARD,
  });
  acousticModels.itemProcessor(
    modelUpgradeChain(scope, 'Acoustic model', fns, true, options.recognitionConcurrency ?? 4),
  );

  const summarize = invoke(
    scope,
    'Summarize unit',
    fns.summarizeUnit,
    sfn.TaskInput.fromObject({ 'run.$': '$.run', 'acousticModels.$': '$.acousticModels' }),
    unitFunctionTimeout('summarize-unit'),
  );
  summarize.next(
    new sfn.Choice(scope, 'Unit outcome')
      .when(
        sfn.Condition.stringEquals('$.outcome', 'failed'),
        new sfn.Fail(scope, 'Unit failed', { errorPath: '$.error', causePath: '$.cause' }),
      )
      .otherwise(new sfn.Succeed(scope, 'Unit succeeded')),
  );
  acousticModels.next(summarize);

  const languageModelFailed = sfn.Condition.and(
    sfn.Condition.isPresent('$.languageModelOutcomes[0].failed'),
    sfn.Condition.booleanEquals('$.languageModelOutcomes[0].failed', true),
  );
  return validate
    .next(languageModel)
    .next(
      new sfn.Choice(scope, 'Language model failed?')
        .when(languageModelFailed, summarize)
        .otherwise(acousticModels),
    );
}
