import { Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { VerificationSettings } from '#core/settings/instance-settings.js';
import { TRANSCRIPTS_PREFIX } from '#core/verification/transcript-keys.js';
import { HandlerFunction, type UnitHandlerName } from './handler-function.js';
import type { SettingsBucket } from './settings-bucket.js';
import { stateMachineLogGroup } from './state-machine-logs.js';
import type { SttInstanceBinding } from './stt-instance.js';
import type { TestSetBucket } from './test-set-bucket.js';
import { buildUnitDefinition, type UnitFunctions, unitFunctionTimeout } from './unit-definition.js';

export interface UpgradeUnitWorkflowProps {
  /** Where every step and outcome is recorded. */
  readonly historyTable: dynamodb.ITable;
  /** Instances the handlers may connect to; each handler can read only these secrets. */
  readonly instances: readonly SttInstanceBinding[];
  /** Where the handlers read the instances, their settings and pairings. */
  readonly settings: SettingsBucket;
  /**
   * Acoustic models of one unit upgraded at the same time.
   * @default 4
   */
  readonly acousticConcurrency?: number;
  /**
   * Retention of the handlers' and the state machine's logs.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Poll policy overrides (validated by the handlers at cold start).
   * @default - the policy's own defaults
   */
  readonly pollPolicyOverrides?: Readonly<Record<string, number>>;
  /**
   * Verify every finished upgrade against the model's test set: the `verify-model` function, the
   * only one that may read the test sets, and the verification states.
   * @default - no upgrade is verified
   */
  readonly verification?: UnitVerification;
}

/** Where the test sets are and the gate verified upgrades pass through. */
export interface UnitVerification {
  readonly testSets: TestSetBucket;
  readonly settings: VerificationSettings;
  /** Told of every regressed upgrade, with the version clients can pin. */
  readonly regressionTopic: sns.ITopic;
}

/** The functions of the upgrade-unit workflow, by handler file name; `verify-model` only where upgrades are verified. */
export type UnitWorkflowFunctions<F extends lambda.IFunction = lambda.IFunction> = Readonly<
  Record<Exclude<UnitHandlerName, 'verify-model'>, F> & { 'verify-model'?: F }
>;

/** The unit definition's view of the workflow's functions. */
export function unitDefinitionFunctions(functions: UnitWorkflowFunctions): UnitFunctions {
  return {
    validateUnit: functions['validate-unit'],
    checkModel: functions['check-model'],
    startUpgrade: functions['start-upgrade'],
    pollUpgrade: functions['poll-upgrade'],
    recordFailure: functions['record-failure'],
    summarizeUnit: functions['summarize-unit'],
    ...(functions['verify-model'] ? { verifyModel: functions['verify-model'] } : {}),
  };
}

/** Whether a unit handler calls IBM, and so may read the instance secrets. */
const talksToIbm: Readonly<Record<UnitHandlerName, boolean>> = {
  'validate-unit': false,
  'check-model': true,
  'start-upgrade': true,
  'poll-upgrade': true,
  'record-failure': false,
  'summarize-unit': false,
  'verify-model': true,
};

/**
 * The upgrade-unit state machine and its Lambda handlers: upgrades one language model and the
 * acoustic models trained with it, following IBM's procedure, and records every step.
 */
export class UpgradeUnitWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  /** The unit handlers, by file name in `lambdas/handlers/`. */
  readonly functions: UnitWorkflowFunctions<nodejs.NodejsFunction>;

  constructor(scope: Construct, id: string, props: UpgradeUnitWorkflowProps) {
    super(scope, id);
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const environment = {
      HISTORY_TABLE_NAME: props.historyTable.tableName,
      ...props.settings.environment,
      POLL_POLICY: JSON.stringify(props.pollPolicyOverrides ?? {}),
    };
    const make = (name: UnitHandlerName, extra: { environment?: Record<string, string> } = {}) => {
      const fn = new HandlerFunction(this, name, {
        handler: name,
        environment: { ...environment, ...extra.environment },
        logRetention,
        // Long enough for the worst case of the calls it makes; its tasks wait a little longer.
        timeout: Duration.seconds(unitFunctionTimeout(name)),
      }).function;
      props.historyTable.grantReadWriteData(fn);
      props.settings.grantReadSettings(fn);
      if (talksToIbm[name]) for (const instance of props.instances) instance.secret.grantRead(fn);
      return fn;
    };
    this.functions = {
      'validate-unit': make('validate-unit'),
      'check-model': make('check-model'),
      'start-upgrade': make('start-upgrade'),
      'poll-upgrade': make('poll-upgrade'),
      'record-failure': make('record-failure'),
      'summarize-unit': make('summarize-unit', {
        environment: props.verification
          ? { NOTIFICATION_TOPIC_ARN: props.verification.regressionTopic.topicArn }
          : {},
      }),
    };
    const verification = props.verification;
    if (verification) {
      const summarizeUnit = this.functions['summarize-unit'];
      verification.regressionTopic.grantPublish(summarizeUnit);
      if (summarizeUnit.role) {
        Validations.of(summarizeUnit.role).acknowledge({
          id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
          reason:
            "Publishing to the KMS-encrypted notification topic: SNS needs kms:GenerateDataKey* on the topic's own key, and CDK grants it on that key only.",
        });
      }
      const verifyModel = make('verify-model', {
        environment: {
          TEST_SET_BUCKET: verification.testSets.bucket.bucketName,
          VERIFICATION: JSON.stringify(verification.settings),
        },
      });
      verification.testSets.grantReadTestSets(verifyModel);
      verification.testSets.grantWriteTranscripts(verifyModel, TRANSCRIPTS_PREFIX);
      this.functions = { ...this.functions, 'verify-model': verifyModel };
    }

    const definition = buildUnitDefinition(this, unitDefinitionFunctions(this.functions), {
      acousticConcurrency: props.acousticConcurrency ?? 4,
      ...(verification ? { recognitionConcurrency: verification.settings.recognitionConcurrency } : {}),
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      queryLanguage: sfn.QueryLanguage.JSON_PATH,
      stateMachineType: sfn.StateMachineType.STANDARD,
      tracingEnabled: true,
      // A 50-hour acoustic upgrade twice over, plus busy waits, fits well within this.
      timeout: Duration.days(30),
      logs: {
        destination: stateMachineLogGroup(this, 'ExecutionLogs', logRetention),
        // Every state's timing for diagnosis, none of its data (no payloads in logs).
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
    });
  }
}
