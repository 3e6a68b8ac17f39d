import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { HandlerFunction, type HandlerName, instanceEnvironment } from './handler-function.js';
import { buildUnitDefinition, type UnitFunctions } from './unit-definition.js';

/** One IBM Speech to Text instance the upgrader may act on. */
export interface SttInstanceBinding {
  /** The instance id used in execution input and history keys. */
  readonly id: string;
  /** Holds the connection JSON (service URL and credentials); read by the handlers at cold start. */
  readonly secret: secretsmanager.ISecret;
}

export interface UpgradeUnitWorkflowProps {
  /** Where every step and outcome is recorded. */
  readonly historyTable: dynamodb.ITable;
  /** Instances the handlers may connect to; each handler can read only these secrets. */
  readonly instances: readonly SttInstanceBinding[];
  /** Acoustic models of one unit upgraded at the same time. Default 4. */
  readonly acousticConcurrency?: number;
  /** Retention of the handlers' and the state machine's logs. Default three months. */
  readonly logRetention?: logs.RetentionDays;
  /** Poll policy overrides as JSON (validated by the handlers at cold start). */
  readonly pollPolicyOverrides?: Record<string, number>;
}

/**
 * The upgrade-unit state machine and its Lambda handlers: upgrades one language model and the
 * acoustic models trained with it, following IBM's procedure, and records every step.
 */
export class UpgradeUnitWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  /** Handlers by file name, so local mode can map each task of the template to its code. */
  readonly handlers: ReadonlyMap<HandlerName, HandlerFunction>;

  constructor(scope: Construct, id: string, props: UpgradeUnitWorkflowProps) {
    super(scope, id);
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const environment = {
      ...instanceEnvironment(props.historyTable, props.instances),
      POLL_POLICY: JSON.stringify(props.pollPolicyOverrides ?? {}),
    };
    const handlers = new Map<HandlerName, HandlerFunction>();
    const make = (name: HandlerName, talksToIbm: boolean) => {
      const fn = new HandlerFunction(this, name, { handler: name, environment, logRetention });
      props.historyTable.grantReadWriteData(fn.function);
      if (talksToIbm) for (const instance of props.instances) instance.secret.grantRead(fn.function);
      handlers.set(name, fn);
      return fn.function;
    };
    const fns: UnitFunctions = {
      validateUnit: make('validate-unit', false),
      checkModel: make('check-model', true),
      startUpgrade: make('start-upgrade', true),
      pollUpgrade: make('poll-upgrade', true),
      recordFailure: make('record-failure', false),
      summarizeUnit: make('summarize-unit', false),
    };
    this.handlers = handlers;

    const definition = buildUnitDefinition(this, fns, {
      acousticConcurrency: props.acousticConcurrency ?? 4,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      queryLanguage: sfn.QueryLanguage.JSON_PATH,
      stateMachineType: sfn.StateMachineType.STANDARD,
      tracingEnabled: true,
      // A 50-hour acoustic upgrade twice over, plus busy waits, fits well within this.
      timeout: Duration.days(30),
      logs: {
        destination: new logs.LogGroup(this, 'ExecutionLogs', { retention: logRetention }),
        // Every state's timing for diagnosis, none of its data (no payloads in logs).
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
    });
  }
}
