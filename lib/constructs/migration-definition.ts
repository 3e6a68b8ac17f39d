import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { ErrorName, MigrationNext, MigrationPhase } from '#core/contract/workflow-contract.js';
import { lambdaTask } from './lambda-task.js';

/** The comparison recognises a whole test set twice: the longest phase, so it sets the function's timeout. */
export const MIGRATION_FUNCTION_TIMEOUT_SECONDS = 9 * 60 + 30;

/**
 * One source model's migration as states: prepare, create or find the new model, add words, add the
 * corpora one at a time, train, compare. Its input is `{ instanceId, sourceId[, fleetRunId] }`; the
 * execution name is the run id. Built alike for the migration state machine and, as the item
 * processor of its Distributed Map, for the migration fleet.
 */
export function buildMigrationDefinition(
  scope: Construct,
  fn: lambda.IFunction,
  functionTimeoutSeconds: number,
): sfn.IChainable {
  const task = (name: string, phase: MigrationPhase, extra: Record<string, string>): tasks.LambdaInvoke => {
    const invoke = lambdaTask(scope, name, {
      fn,
      payload: sfn.TaskInput.fromObject({
        phase,
        'input.$': '$.input',
        execution: { 'name.$': '$$.Execution.Name' },
        ...extra,
      }),
      functionTimeoutSeconds,
      result: {
        resultSelector: {
          'next.$': '$.Payload.next',
          'wakeAt.$': '$.Payload.wakeAt',
          'error.$': '$.Payload.error',
          'cause.$': '$.Payload.cause',
        },
        resultPath: '$.step',
      },
    });
    invoke.addRetry({
      errors: [ErrorName.Transient, ErrorName.ModelBusy],
      interval: Duration.seconds(10),
      maxAttempts: 8,
      backoffRate: 2,
      maxDelay: Duration.minutes(5),
      jitterStrategy: sfn.JitterType.FULL,
    });
    return invoke;
  };

  const failed = new sfn.Fail(scope, 'migration stopped', {
    errorPath: '$.step.error',
    causePath: '$.step.cause',
  });
  const done = new sfn.Succeed(scope, 'migrated');
  const recordFailure = task('record failure', MigrationPhase.RecordFailure, { 'failure.$': '$.failure' });
  recordFailure.next(failed);
  const phase = (name: string, p: MigrationPhase) => {
    const t = task(name, p, {});
    t.addCatch(recordFailure, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });
    return t;
  };
  const route = (name: string) =>
    new sfn.Choice(scope, name).when(
      sfn.Condition.stringEquals('$.step.next', MigrationNext.Stopped),
      failed,
    );
  const prepare = phase('prepare', MigrationPhase.Prepare);
  const create = phase('create or find the new model', MigrationPhase.Create);
  const words = phase('add words', MigrationPhase.AddWords);
  const corpora = phase('add the next corpus', MigrationPhase.AddCorpora);
  const train = phase('train', MigrationPhase.Train);
  const compare = phase('compare on the test set', MigrationPhase.Compare);
  const waitCorpus = new sfn.Wait(scope, 'wait for the analysis', {
    time: sfn.WaitTime.timestampPath('$.step.wakeAt'),
  }).next(corpora);
  const waitTraining = new sfn.Wait(scope, 'wait for training', {
    time: sfn.WaitTime.timestampPath('$.step.wakeAt'),
  }).next(train);

  const start = new sfn.Pass(scope, 'start migration', { parameters: { 'input.$': '$' } });
  start.next(prepare);
  prepare.next(route('prepared?').otherwise(create));
  create.next(route('created?').otherwise(words));
  words.next(route('words added?').otherwise(corpora));
  corpora.next(
    route('corpora added?')
      .when(sfn.Condition.stringEquals('$.step.next', MigrationNext.WaitForCorpus), waitCorpus)
      .otherwise(train),
  );
  train.next(
    route('trained?')
      .when(sfn.Condition.stringEquals('$.step.next', MigrationNext.WaitForTraining), waitTraining)
      .otherwise(compare),
  );
  compare.next(route('compared?').otherwise(done));
  return start;
}
