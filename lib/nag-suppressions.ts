import { type CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { UNITS_MAP_LABEL } from './constructs/fleet-workflow.js';
import { HandlerFunction } from './constructs/handler-function.js';
import { MIGRATIONS_MAP_LABEL } from './constructs/migration-fleet.js';

/**
 * The cdk-nag AwsSolutions findings the upgrader accepts, each with its reason, acknowledged on
 * the narrowest construct and, for wildcards, for the exact resource (cdk-nag 3 names each
 * finding `Rule[Resource::...]`; there is no blanket per-rule acknowledgement). Found in the
 * construct tree, so a new handler or state machine gets the same treatment and nothing else.
 */
export function addNagSuppressions(scope: Construct): void {
  const all = scope.node.findAll();
  const handlers = all.filter((c): c is HandlerFunction => c instanceof HandlerFunction);
  const tables = all.filter((c): c is dynamodb.Table => c instanceof dynamodb.Table);
  for (const handler of handlers) suppressHandler(handler, tables);
  for (const construct of all) {
    if (construct instanceof sfn.StateMachine) {
      suppressStateMachine(construct, handlers);
      suppressDistributedMap(construct);
    }
    if (construct instanceof secretsmanager.Secret) suppressSecret(construct);
  }
}

/** How cdk-nag prints `Fn::GetAtt [<logical id>, Arn]`. */
function arnOf(construct: Construct): string {
  const resource = construct.node.defaultChild as CfnResource;
  return `<${Stack.of(construct).getLogicalId(resource)}.Arn>`;
}

function suppressHandler(handler: HandlerFunction, tables: readonly dynamodb.Table[]): void {
  Validations.of(handler.function).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'Node.js 22 is the runtime the handlers are bundled for (esbuild target node22) and tested on; moving to a newer one is a deliberate upgrade, not a deploy-time default.',
  });
  const role = handler.function.role;
  if (!role) return;
  Validations.of(role).acknowledge(
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords), which supports no resource-level permissions: AWS requires Resource "*".',
    },
    ...tables.map((table) => ({
      id: `AwsSolutions-IAM5[Resource::${arnOf(table)}/index/*]`,
      reason:
        "The handlers query the history table's byRun and byFailureDay indexes: that one table's indexes only.",
    })),
  );
}

function suppressStateMachine(stateMachine: sfn.StateMachine, handlers: readonly HandlerFunction[]): void {
  Validations.of(stateMachine.role).acknowledge(
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'CloudWatch Logs vended log delivery (logs:CreateLogDelivery, logs:PutResourcePolicy, logs:DescribeLogGroups ...) and X-Ray tracing support no resource-level permissions: AWS requires Resource "*".',
    },
    ...handlers.map((handler) => ({
      id: `AwsSolutions-IAM5[Resource::${arnOf(handler.function)}:*]`,
      reason:
        "lambda:InvokeFunction on '<function ARN>:*' covers the versions and aliases of the upgrader's own handler; CDK grants it with each LambdaInvoke task.",
    })),
  );
}

/** How cdk-nag prints the executions of a state machine, as CDK grants them to a Distributed Map. */
function executionsOf(stateMachine: sfn.StateMachine, suffix: string): string {
  const id = Stack.of(stateMachine).getLogicalId(stateMachine.node.defaultChild as CfnResource);
  const name = `{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${id}"}]}]}`;
  return `Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${name}${suffix}`;
}

function suppressDistributedMap(stateMachine: sfn.StateMachine): void {
  const policy = stateMachine.node.tryFindChild('DistributedMapPolicy');
  if (!policy) return;
  Validations.of(policy).acknowledge(
    {
      id: `AwsSolutions-IAM5[${executionsOf(stateMachine, ':*')}]`,
      reason:
        "A Distributed Map describes and stops its own map run's executions, whose names are generated at run time: the grant names this state machine's executions only.",
    },
    {
      id: `AwsSolutions-IAM5[${executionsOf(stateMachine, '/*:*')}]`,
      reason:
        "Child executions of a Distributed Map are named '<state machine>/<map run>:<uuid>' at run time: the grant names this state machine's map runs only.",
    },
    {
      id: `AwsSolutions-IAM5[${executionsOf(stateMachine, `/${UNITS_MAP_LABEL}:*`)}]`,
      reason:
        "Child executions of the fleet's labelled Distributed Map are named '<state machine>/RunUnits:<uuid>' at run time: the grant names this state machine's unit executions only.",
    },
    {
      id: `AwsSolutions-IAM5[${executionsOf(stateMachine, `/${MIGRATIONS_MAP_LABEL}:*`)}]`,
      reason:
        "Child executions of the migration fleet's labelled Distributed Map are named '<state machine>/RunMigrations:<uuid>' at run time: the grant names this state machine's migrations only.",
    },
  );
}

function suppressSecret(secret: secretsmanager.Secret): void {
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'The secret holds an IBM credential (API key, password or token) that only IBM issues: rotate it at IBM and store the new value; the handlers re-read the secret within five minutes.',
  });
}
