import { CfnOutput, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

export interface OperatorOutputsProps {
  readonly unitStateMachine: sfn.IStateMachine;
  readonly fleetStateMachine?: sfn.IStateMachine;
  /** `migrate run --aws --migration-state-machine-arn <this>`. @default no output */
  readonly migrationStateMachine?: sfn.IStateMachine;
  /** `migrate run --fleet --aws --migration-fleet-state-machine-arn <this>`. @default no output */
  readonly migrationFleetStateMachine?: sfn.IStateMachine;
  readonly historyTable: dynamodb.ITable;
  /** Where pairings and instance settings live: `stt-upgrader pairings ... --aws --settings-bucket <this>`. */
  readonly settingsBucket?: s3.IBucket;
  readonly topic: sns.ITopic;
  /** Where test sets are uploaded. @default no output (no test-set bucket configured) */
  readonly testSetBucket?: s3.IBucket;
}

/** What an operator needs after `cdk deploy`: where to start runs, read history, and hear from it. */
export function addOperatorOutputs(scope: Construct, props: OperatorOutputsProps): void {
  const region = Stack.of(scope).region;
  new CfnOutput(scope, 'UnitStateMachineArn', {
    value: props.unitStateMachine.stateMachineArn,
    description: 'aws stepfunctions start-execution --state-machine-arn <this> for one upgrade unit',
  });
  if (props.fleetStateMachine) {
    new CfnOutput(scope, 'FleetStateMachineArn', {
      value: props.fleetStateMachine.stateMachineArn,
      description: 'Runs a list of units or a whole fleet',
    });
  }
  if (props.migrationStateMachine) {
    new CfnOutput(scope, 'MigrationStateMachineArn', {
      value: props.migrationStateMachine.stateMachineArn,
      description: 'Moves one custom language model to a large speech model: {"instanceId","sourceId"}',
    });
  }
  if (props.migrationFleetStateMachine) {
    new CfnOutput(scope, 'MigrationFleetStateMachineArn', {
      value: props.migrationFleetStateMachine.stateMachineArn,
      description:
        'Moves every previous- and next-generation custom language model: {"instanceIds"?,"sourceIds"?}',
    });
  }
  new CfnOutput(scope, 'HistoryTableName', {
    value: props.historyTable.tableName,
    description: 'Upgrade history (runs, attempts, steps)',
  });
  if (props.settingsBucket) {
    new CfnOutput(scope, 'SettingsBucketName', {
      value: props.settingsBucket.bucketName,
      description:
        'Pairings and instance settings: stt-upgrader pairings list --aws --settings-bucket <this>',
    });
  }
  if (props.testSetBucket) {
    new CfnOutput(scope, 'TestSetBucketName', {
      value: props.testSetBucket.bucketName,
      description:
        'Test sets, one prefix per set (manifest.jsonl and its audio): aws s3 sync DIR s3://<this>/SET/',
    });
  }
  new CfnOutput(scope, 'NotificationTopicArn', { value: props.topic.topicArn });
  new CfnOutput(scope, 'DashboardUrl', {
    value: `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards`,
  });
}
