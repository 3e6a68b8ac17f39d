import { Duration } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { stateMachineLogGroup } from './state-machine-logs.js';

/** AWS fails a Distributed Map whose gathered result passes 256 KiB with this; States.ALL does not match it. */
const DATA_LIMIT_EXCEEDED = 'States.DataLimitExceeded';

/**
 * A fleet's page of children ends in `next` whether or not its Map failed: the Map gathers every
 * child's result into one (no ResultWriter), which may pass 256 KiB even when ResultPath discards it,
 * and the fleet's summary reads the history, not the Map's result.
 */
export function continueAfterPage(map: sfn.DistributedMap, next: sfn.IChainable, resultPath: string): void {
  for (const errors of [[DATA_LIMIT_EXCEEDED], [sfn.Errors.ALL]]) map.addCatch(next, { errors, resultPath });
}

/**
 * A fleet run's state machine (`StateMachine` in `scope`): Standard, traced, up to 90 days (thousands
 * of children at a modest concurrency, each up to days), every state's timing logged for diagnosis and
 * none of its data (cdk-nag SF1).
 */
export function fleetStateMachine(
  scope: Construct,
  definition: sfn.IChainable,
  logRetention: logs.RetentionDays,
): sfn.StateMachine {
  return new sfn.StateMachine(scope, 'StateMachine', {
    definitionBody: sfn.DefinitionBody.fromChainable(definition),
    queryLanguage: sfn.QueryLanguage.JSON_PATH,
    stateMachineType: sfn.StateMachineType.STANDARD,
    tracingEnabled: true,
    timeout: Duration.days(90),
    logs: {
      destination: stateMachineLogGroup(scope, 'ExecutionLogs', logRetention),
      level: sfn.LogLevel.ALL,
      includeExecutionData: false,
    },
  });
}
