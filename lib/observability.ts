import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { Alarms } from './constructs/alarms.js';
import { UpgraderDashboard } from './constructs/dashboard.js';
import { FleetWorkflow } from './constructs/fleet-workflow.js';
import { HandlerFunction } from './constructs/handler-function.js';
import { addNagSuppressions } from './nag-suppressions.js';

/**
 * Alarms and the dashboard for every upgrader function and state machine under `scope`, found in
 * the construct tree so that a new handler or state machine is covered without more wiring.
 */
export function addObservability(
  scope: Construct,
  topic: sns.ITopic,
  options: { readonly verificationRegressions: boolean; readonly watchChanges?: boolean },
): void {
  const functions: Record<string, lambda.IFunction> = {};
  const stateMachines: Record<string, sfn.IStateMachine> = {};
  const labelledExecutions: Record<string, string> = {};
  for (const construct of scope.node.findAll()) {
    if (construct instanceof FleetWorkflow)
      labelledExecutions[`${construct.node.id}Units`] = construct.unitExecutionsArn;
    if (construct instanceof HandlerFunction) functions[construct.handlerName] = construct.function;
    if (construct instanceof sfn.StateMachine) {
      stateMachines[construct.node.scope?.node.id ?? construct.node.id] = construct;
    }
  }
  new Alarms(scope, 'Alarms', { topic, stateMachines, labelledExecutions, functions, ...options });
  new UpgraderDashboard(scope, 'Dashboard', { stateMachines, functions, ...options });
  addNagSuppressions(scope);
}
