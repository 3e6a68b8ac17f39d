import { Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { WATCH_FUNCTION_TIMEOUT_SECONDS } from '#core/contract/lambda-tasks/function-timeouts.js';
import { instanceSettingsSchema, watchEnabled } from '#core/settings/instance-settings.js';
import { HandlerFunction } from './handler-function.js';
import type { SettingsBucket } from './settings-bucket.js';
import { stateMachineLogGroup } from './state-machine-logs.js';
import type { SttInstanceBinding } from './stt-instance.js';
import type { TestSetBucket } from './test-set-bucket.js';
import { invoke } from './unit-definition.js';

export interface AccuracyWatchProps {
  /** Holds the measurements, baselines, alerts and watch runs. */
  readonly historyTable: dynamodb.ITable;
  /** Instances to watch; each with test sets (and the watch not switched off) gets its schedule. */
  readonly instances: readonly SttInstanceBinding[];
  /** Where the handler reads the instances and their settings. */
  readonly settingsBucket: SettingsBucket;
  /** The test sets the watch recognises; measurement transcripts are written beside them. */
  readonly testSets: TestSetBucket;
  /**
   * Where a change past the gate, and a run the monthly cap stopped, are told.
   * @default - nobody is told; the measurements say it all the same
   */
  readonly topic?: sns.ITopic;
  /**
   * Retention of the watch's logs.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Prefix of the transcripts the watch writes in the test-set bucket (no test set can be named so). */
export const WATCH_TRANSCRIPTS_PREFIX = '_watch/';

/**
 * The accuracy watch: a state machine that plans (models with a test set, the monthly cap, pages of
 * 500 model ids in the history table), then per page a Distributed Map measuring each model in a
 * child execution, then a summary; and per watched instance a schedule that starts it.
 *
 * History events of the parent: about 15 fixed plus about 11 per page, so 10,000 models (20 pages)
 * stay near 240 events. Payloads: a page of 500 ids is about 20 KiB. A measurement that keeps failing
 * is recorded and does not stop the others.
 */
export class AccuracyWatch extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly function: nodejs.NodejsFunction;
  /** Per watched instance id, its schedule. */
  readonly schedules: Readonly<Record<string, scheduler.Schedule>>;

  constructor(scope: Construct, id: string, props: AccuracyWatchProps) {
    super(scope, id);
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    this.function = new HandlerFunction(this, 'accuracy-watch', {
      handler: 'accuracy-watch',
      environment: {
        HISTORY_TABLE_NAME: props.historyTable.tableName,
        ...props.settingsBucket.environment,
        TEST_SET_BUCKET: props.testSets.bucket.bucketName,
        ...(props.topic ? { NOTIFICATION_TOPIC_ARN: props.topic.topicArn } : {}),
      },
      // One measurement recognises a whole test set (minutes of audio, a few requests in flight).
      timeout: Duration.seconds(WATCH_FUNCTION_TIMEOUT_SECONDS),
      logRetention,
    }).function;
    const fn = this.function;
    props.historyTable.grantReadWriteData(fn);
    props.settingsBucket.grantReadSettings(fn);
    for (const instance of props.instances) instance.secret.grantRead(fn);
    props.testSets.grantReadTestSets(fn);
    props.testSets.grantWriteTranscripts(fn, WATCH_TRANSCRIPTS_PREFIX);
    if (props.topic) {
      props.topic.grantPublish(fn);
      if (fn.role) {
        Validations.of(fn.role).acknowledge({
          id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
          reason:
            "Publishing to the KMS-encrypted notification topic: SNS needs kms:GenerateDataKey* on the topic's own key, and CDK grants it on that key only.",
        });
      }
    }

    const settings = props.instances.map((i) => ({
      id: i.id,
      ...instanceSettingsSchema.parse(i.settings ?? {}),
    }));
    const maxConcurrency = Math.max(1, ...settings.map((s) => s.watch.maxConcurrency));

    const plan = invoke(
      this,
      'Plan watch',
      fn,
      sfn.TaskInput.fromObject({
        phase: 'plan',
        'input.$': '$',
        execution: { 'name.$': '$$.Execution.Name' },
      }),
      WATCH_FUNCTION_TIMEOUT_SECONDS,
    );
    const fetchPage = invoke(
      this,
      'Fetch model page',
      fn,
      sfn.TaskInput.fromObject({
        phase: 'page',
        'watchRunId.$': '$.watchRunId',
        'instanceId.$': '$.instanceId',
        'nextPage.$': '$.nextPage',
      }),
      WATCH_FUNCTION_TIMEOUT_SECONDS,
    );
    const measure = invoke(
      this,
      'Measure model',
      fn,
      sfn.TaskInput.fromJsonPathAt('$'),
      WATCH_FUNCTION_TIMEOUT_SECONDS,
    );
    const measureFailed = invoke(
      this,
      'Record failed measurement',
      fn,
      sfn.TaskInput.fromObject({
        phase: 'measure-failed',
        'watchRunId.$': '$.watchRunId',
        'instanceId.$': '$.instanceId',
        'customizationId.$': '$.customizationId',
        'failure.$': '$.failure',
      }),
      WATCH_FUNCTION_TIMEOUT_SECONDS,
    );
    measure.addCatch(measureFailed, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });
    const measureModels = new sfn.DistributedMap(this, 'Measure models', {
      itemsPath: '$.models',
      itemSelector: {
        phase: 'measure',
        'watchRunId.$': '$.watchRunId',
        'instanceId.$': '$.instanceId',
        'customizationId.$': '$$.Map.Item.Value',
      },
      maxConcurrency,
      toleratedFailurePercentage: 100,
      resultPath: sfn.JsonPath.DISCARD,
      mapExecutionType: sfn.StateMachineType.STANDARD,
    });
    measureModels.itemProcessor(measure);
    const summarize = invoke(
      this,
      'Summarize watch',
      fn,
      sfn.TaskInput.fromObject({
        phase: 'summarize',
        'watchRunId.$': '$.watchRunId',
        'instanceId.$': '$.instanceId',
      }),
      WATCH_FUNCTION_TIMEOUT_SECONDS,
    );
    summarize.next(new sfn.Succeed(this, 'Watch done'));
    const moreModels = new sfn.Choice(this, 'More models?')
      .when(sfn.Condition.booleanEquals('$.hasNextPage', true), fetchPage)
      .otherwise(summarize);
    fetchPage.next(measureModels);
    measureModels.next(moreModels);
    const started = new sfn.Choice(this, 'Did the watch start?')
      .when(sfn.Condition.booleanEquals('$.stopped', true), new sfn.Succeed(this, 'Watch did not start'))
      .otherwise(moreModels);

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(plan.next(started)),
      queryLanguage: sfn.QueryLanguage.JSON_PATH,
      stateMachineType: sfn.StateMachineType.STANDARD,
      tracingEnabled: true,
      timeout: Duration.days(2),
      logs: {
        destination: stateMachineLogGroup(this, 'ExecutionLogs', logRetention),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
    });

    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
    });
    const schedules: Record<string, scheduler.Schedule> = {};
    for (const instance of settings.filter((s) => watchEnabled(s))) {
      schedules[instance.id] = new scheduler.Schedule(this, `Schedule-${instance.id}`, {
        description: `Measures the accuracy of the custom models of STT instance ${instance.id} on their test sets`,
        schedule: scheduler.ScheduleExpression.expression(instance.watch.schedule),
        target: new schedulerTargets.StepFunctionsStartExecution(this.stateMachine, {
          role: schedulerRole,
          input: scheduler.ScheduleTargetInput.fromObject({ instanceId: instance.id, trigger: 'schedule' }),
          retryAttempts: 3,
          maxEventAge: Duration.hours(6),
        }),
      });
    }
    this.schedules = schedules;
  }
}
