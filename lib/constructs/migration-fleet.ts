import { Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { MigrationFleetPhase } from '#core/contract/workflow-contract.js';
import { HandlerFunction } from './handler-function.js';
import { buildMigrationDefinition, MIGRATION_FUNCTION_TIMEOUT_SECONDS } from './migration-definition.js';
import { continueAfterPage, fleetStateMachine } from './paged-fleet.js';
import type { SettingsBucket } from './settings-bucket.js';
import type { SttInstanceBinding } from './stt-instance.js';
import { invoke } from './unit-definition.js';

export interface MigrationFleetProps {
  /** Holds the fleet run, its pages of sources and each migration's record. */
  readonly historyTable: dynamodb.ITable;
  /** Instances a migration fleet may read; the planner can read only these secrets. */
  readonly instances: readonly SttInstanceBinding[];
  /** Where the planner reads the configured instances. */
  readonly settingsBucket: SettingsBucket;
  /**
   * The migration state machine's function: the Distributed Map's item processor invokes the very
   * same function, so a model migrates alike alone or in a fleet.
   */
  readonly migrationFunction: lambda.IFunction;
  /** Told of each finished migration (by the migration itself) and of the fleet's summary. */
  readonly topic: sns.ITopic;
  /**
   * Migrations running at the same time across the fleet (each its own child execution).
   * @default 10
   */
  readonly maxConcurrency?: number;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Planning lists every instance's language models (one request each) and writes pages; the summary
 * reads one record per planned model. Both fit well within the 900 s the upgrade fleet's planner has.
 */
const FLEET_FUNCTION_TIMEOUT_SECONDS = 900;

/** The Distributed Map's label: the fleet's migrations run as `<fleet ARN>/RunMigrations` executions. */
export const MIGRATIONS_MAP_LABEL = 'RunMigrations';

/**
 * The migration fleet state machine: plan (every previous- or next-generation custom language model
 * of the chosen instances not migrated yet, in pages of 100 in the history table), then per page a
 * Distributed Map whose items are Standard child executions of the migration definition, then a
 * summary recorded on the fleet run and sent to the topic. Input: `{ "instanceIds"?: [...],
 * "sourceIds"?: [...] }`; the execution name is the fleet run id.
 *
 * As the upgrade fleet: a child carries one item (under 200 bytes) and answers only its step, so a
 * page of 100 stays far under 256 KiB; the parent has about 16 fixed events plus about 11 per page,
 * and each migration's waits stay in its child. A failed migration does not stop the others.
 */
export class MigrationFleet extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: MigrationFleetProps) {
    super(scope, id);
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    this.function = new HandlerFunction(this, 'migrate-fleet', {
      handler: 'migrate-fleet',
      environment: {
        HISTORY_TABLE_NAME: props.historyTable.tableName,
        ...props.settingsBucket.environment,
        NOTIFICATION_TOPIC_ARN: props.topic.topicArn,
      },
      logRetention,
      timeout: Duration.seconds(FLEET_FUNCTION_TIMEOUT_SECONDS),
    }).function;
    const fn = this.function;
    props.historyTable.grantReadWriteData(fn);
    props.settingsBucket.grantReadSettings(fn);
    for (const instance of props.instances) instance.secret.grantRead(fn);
    props.topic.grantPublish(fn);
    if (fn.role) {
      Validations.of(fn.role).acknowledge({
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          "Publishing to the KMS-encrypted notification topic: SNS needs kms:GenerateDataKey* on the topic's own key, and CDK grants it on that key only.",
      });
    }

    const plan = invoke(
      this,
      'Plan migrations',
      fn,
      sfn.TaskInput.fromObject({
        phase: MigrationFleetPhase.Plan,
        'input.$': '$',
        execution: { 'name.$': '$$.Execution.Name' },
      }),
      FLEET_FUNCTION_TIMEOUT_SECONDS,
    );
    const fetchPage = invoke(
      this,
      'Fetch source page',
      fn,
      sfn.TaskInput.fromObject({
        phase: MigrationFleetPhase.Page,
        'fleetRunId.$': '$.fleetRunId',
        'nextPage.$': '$.nextPage',
      }),
      FLEET_FUNCTION_TIMEOUT_SECONDS,
    );
    const runMigrations = new sfn.DistributedMap(this, 'Run migrations', {
      itemsPath: '$.items',
      maxConcurrency: props.maxConcurrency ?? 10,
      toleratedFailurePercentage: 100,
      resultPath: sfn.JsonPath.DISCARD,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      label: MIGRATIONS_MAP_LABEL,
    });
    runMigrations.itemProcessor(
      buildMigrationDefinition(this, props.migrationFunction, MIGRATION_FUNCTION_TIMEOUT_SECONDS),
    );
    const summarize = invoke(
      this,
      'Summarize migrations',
      fn,
      sfn.TaskInput.fromObject({ phase: MigrationFleetPhase.Summarize, 'fleetRunId.$': '$.fleetRunId' }),
      FLEET_FUNCTION_TIMEOUT_SECONDS,
    );
    summarize.next(new sfn.Succeed(this, 'Migrations done'));
    const morePages = new sfn.Choice(this, 'More sources?')
      .when(sfn.Condition.booleanEquals('$.hasNextPage', true), fetchPage)
      .otherwise(summarize);
    fetchPage.next(runMigrations);
    runMigrations.next(morePages);
    continueAfterPage(runMigrations, morePages, '$.runMigrationsFailure');
    this.stateMachine = fleetStateMachine(this, plan.next(morePages), logRetention);
  }
}
