import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { HandlerFunction, type UpkeepHandlerName } from './handler-function.js';

export interface AbandonedRunsProps {
  /** Where the runs and their claims are recorded. */
  readonly historyTable: dynamodb.ITable;
  /** The upgrade-unit state machine, whose stopped executions leave runs open. */
  readonly unitStateMachine: sfn.IStateMachine;
  /**
   * Retention of the closer's logs.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Closes the run of a unit execution that failed, timed out or was aborted without recording its
 * end, and releases its claims: Step Functions' own status events drive it, so no state of the
 * stopped execution has to run.
 */
export class AbandonedRuns extends Construct {
  /** The closer, by file name in `lambdas/handlers/`. */
  readonly functions: Readonly<Record<UpkeepHandlerName, nodejs.NodejsFunction>>;

  constructor(scope: Construct, id: string, props: AbandonedRunsProps) {
    super(scope, id);
    const closer = new HandlerFunction(this, 'close-abandoned-run', {
      handler: 'close-abandoned-run',
      environment: { HISTORY_TABLE_NAME: props.historyTable.tableName },
      logRetention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    }).function;
    this.functions = { 'close-abandoned-run': closer };
    props.historyTable.grantReadWriteData(closer);
    new events.Rule(this, 'UnitExecutionStopped', {
      description: 'Closes the history run of a unit execution that ended without recording its end',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          stateMachineArn: [props.unitStateMachine.stateMachineArn],
        },
      },
      targets: [
        new targets.LambdaFunction(closer, {
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
  }
}
