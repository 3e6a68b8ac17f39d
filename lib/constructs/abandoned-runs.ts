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
   * The fleet state machine: its own ends close the unit runs it left open, and its units (child
   * executions of its Distributed Map, `<fleet ARN>/<label>`) are closed as standalone units are.
   */
  readonly fleetStateMachine: sfn.IStateMachine;
  /**
   * Retention of the closer's logs.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Closes the run of a unit execution (standalone, or a fleet's child) that failed, timed out or was
 * aborted without recording its end, and releases its claims; a fleet execution's end closes every
 * unit run it left open. Step Functions' own status events drive it, so no state of the stopped
 * execution has to run.
 */
export class AbandonedRuns extends Construct {
  /** The closer, by file name in `lambdas/handlers/`. */
  readonly functions: Readonly<Record<UpkeepHandlerName, nodejs.NodejsFunction>>;

  constructor(scope: Construct, id: string, props: AbandonedRunsProps) {
    super(scope, id);
    const closer = new HandlerFunction(this, 'close-abandoned-run', {
      handler: 'close-abandoned-run',
      environment: {
        HISTORY_TABLE_NAME: props.historyTable.tableName,
        FLEET_STATE_MACHINE_ARN: props.fleetStateMachine.stateMachineArn,
      },
      logRetention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    }).function;
    this.functions = { 'close-abandoned-run': closer };
    props.historyTable.grantReadWriteData(closer);
    new events.Rule(this, 'UnitExecutionStopped', {
      description:
        'Closes the history runs a unit or fleet execution left open when it failed, timed out or was stopped',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          stateMachineArn: [
            props.unitStateMachine.stateMachineArn,
            props.fleetStateMachine.stateMachineArn,
            // A fleet's units: Distributed Map children report the fleet's ARN with the Map Run's label.
            { prefix: `${props.fleetStateMachine.stateMachineArn}/` },
          ],
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
