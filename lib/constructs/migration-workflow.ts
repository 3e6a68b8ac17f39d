import { Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { MigrationSettings } from '#core/migration/index.js';
import type { VerificationSettings } from '#core/settings/instance-settings.js';
import { HandlerFunction } from './handler-function.js';
import {
  buildMigrationDefinition,
  MIGRATION_FUNCTION_TIMEOUT_SECONDS as FUNCTION_TIMEOUT_SECONDS,
} from './migration-definition.js';
import type { SettingsBucket } from './settings-bucket.js';
import { stateMachineLogGroup } from './state-machine-logs.js';
import type { SttInstanceBinding } from './stt-instance.js';
import type { TestSetBucket } from './test-set-bucket.js';

export interface MigrationWorkflowProps {
  /** Where each migration's record (source -> new model, verdict) is kept. */
  readonly historyTable: dynamodb.ITable;
  /** Instances whose models can be migrated; the function reads only these secrets. */
  readonly instances: readonly SttInstanceBinding[];
  /** Where the handler reads the instances, their settings and pairings. */
  readonly settingsBucket: SettingsBucket;
  readonly settings: MigrationSettings;
  /** The gate and the weight of the comparison, shared with upgrade verification. */
  readonly verification: VerificationSettings;
  /**
   * The test sets the comparison recognises; the operators' corpus copies live in the same bucket.
   * @default - no test sets: every migration stops with TestSetMissing before creating anything
   */
  readonly testSets?: TestSetBucket;
  /**
   * The prefix of the operators' corpus copies in the test-set bucket, one folder per model id or name.
   * @default - no store: only words are carried
   */
  readonly corpusPrefix?: string;
  /** Told of every finished migration: the verdict and what to change in clients. */
  readonly topic: sns.ITopic;
  readonly pollPolicyOverrides?: Readonly<Record<string, number>>;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The migration state machine: one source custom language model re-created on a large speech model,
 * its words and corpora carried, trained and compared with the source on the test set. Input:
 * `{ "instanceId": "...", "sourceId": "<customization id>" }`; the execution name is the run id.
 */
export class MigrationWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly function: lambda.IFunction;

  constructor(scope: Construct, id: string, props: MigrationWorkflowProps) {
    super(scope, id);
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const fn = new HandlerFunction(this, 'migrate-model', {
      handler: 'migrate-model',
      environment: {
        HISTORY_TABLE_NAME: props.historyTable.tableName,
        ...props.settingsBucket.environment,
        MIGRATION: JSON.stringify(props.settings),
        VERIFICATION: JSON.stringify(props.verification),
        POLL_POLICY: JSON.stringify(props.pollPolicyOverrides ?? {}),
        NOTIFICATION_TOPIC_ARN: props.topic.topicArn,
        ...(props.testSets && { TEST_SET_BUCKET: props.testSets.bucket.bucketName }),
        ...(props.testSets &&
          props.corpusPrefix !== undefined && {
            CORPUS_STORE: `s3://${props.testSets.bucket.bucketName}/${props.corpusPrefix}`,
          }),
      },
      logRetention,
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS),
    }).function;
    this.function = fn;
    props.historyTable.grantReadWriteData(fn);
    props.settingsBucket.grantReadSettings(fn);
    for (const instance of props.instances) instance.secret.grantRead(fn);
    props.topic.grantPublish(fn);
    // Test sets and corpus copies alike: read-only, in the one bucket.
    props.testSets?.grantReadTestSets(fn);
    if (fn.role) {
      Validations.of(fn.role).acknowledge({
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          "Publishing to the KMS-encrypted notification topic: SNS needs kms:GenerateDataKey* on the topic's own key, and CDK grants it on that key only.",
      });
    }

    const start = buildMigrationDefinition(this, fn, FUNCTION_TIMEOUT_SECONDS);

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(start),
      queryLanguage: sfn.QueryLanguage.JSON_PATH,
      stateMachineType: sfn.StateMachineType.STANDARD,
      tracingEnabled: true,
      timeout: Duration.days(7),
      logs: {
        destination: stateMachineLogGroup(this, 'ExecutionLogs', logRetention),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
    });
  }
}
