import { Names } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** Where CloudWatch Logs expects the logs Step Functions vends. */
export const VENDED_STATES_LOG_PREFIX = '/aws/vendedlogs/states/';

/**
 * A state machine's execution log group, under `/aws/vendedlogs/states/`: Step Functions then needs
 * no entry in the account's CloudWatch Logs resource policy, whose size limit other services share,
 * so CreateStateMachine cannot fail on it.
 */
export function stateMachineLogGroup(
  scope: Construct,
  id: string,
  retention: logs.RetentionDays,
): logs.LogGroup {
  // The stack's and the construct's names keep it unique in the account and region.
  const name = `${Names.uniqueResourceName(scope, { maxLength: 180, separator: '-' })}-${id}`;
  return new logs.LogGroup(scope, id, { retention, logGroupName: `${VENDED_STATES_LOG_PREFIX}${name}` });
}
