import { ArnFormat, type CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { UNITS_MAP_LABEL } from './fleet-workflow.js';

export interface ExecutionStatusGrantProps {
  /** The function that asks whether a claim's execution still runs (start-upgrade). */
  readonly reader: lambda.IFunction;
  readonly unitStateMachine: sfn.StateMachine;
  readonly fleetStateMachine: sfn.StateMachine;
}

/**
 * Lets a unit's start task call DescribeExecution on the executions that may hold a claim:
 * standalone units and a fleet's units (`execution:<fleet>/RunUnits:<name>`). A policy of its own,
 * not the role's default one: the state machines invoke this function, and the function must not
 * wait for a policy that names them (CloudFormation would see a cycle).
 */
export class ExecutionStatusGrant extends Construct {
  constructor(scope: Construct, id: string, props: ExecutionStatusGrantProps) {
    super(scope, id);
    const role = props.reader.role;
    if (!role) throw new Error(`${props.reader.node.path} has no role to grant DescribeExecution to`);
    const executions = (resourceName: string) =>
      Stack.of(this).formatArn({
        service: 'states',
        resource: 'execution',
        resourceName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const policy = new iam.Policy(this, 'Policy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['states:DescribeExecution'],
          resources: [
            executions(`${props.unitStateMachine.stateMachineName}:*`),
            executions(`${props.fleetStateMachine.stateMachineName}/${UNITS_MAP_LABEL}:*`),
          ],
        }),
      ],
    });
    // cdk-nag prints `Fn::GetAtt [<id>, Name]` as `<id.Name>`.
    const executionsOf = (stateMachine: sfn.StateMachine, suffix: string) => {
      const id = Stack.of(this).getLogicalId(stateMachine.node.defaultChild as CfnResource);
      return `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:<${id}.Name>${suffix}]`;
    };
    Validations.of(policy).acknowledge(
      {
        id: executionsOf(props.unitStateMachine, ':*'),
        reason:
          'Execution names are generated at run time: DescribeExecution on the unit state machine’s executions only, to tell whether a claim’s holder still runs.',
      },
      {
        id: executionsOf(props.fleetStateMachine, `/${UNITS_MAP_LABEL}:*`),
        reason:
          'A fleet’s units are Distributed Map children named at run time: DescribeExecution on that Map’s executions only, to tell whether a claim’s holder still runs.',
      },
    );
  }
}
