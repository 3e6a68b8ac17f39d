import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { describe, expect, it } from 'vitest';
import { loadStateMachines } from '#local/executor/index.js';
import { inlineFunction, invoke, logicalId, newStack, stateMachine, synthesize } from './cdk-fixture.js';

/** A CloudFormation `${...}` placeholder. */
const placeholder = (name: string): string => `\${${name}}`;

const passDefinition = (result: Record<string, string>): string =>
  JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: result, End: true } } });

describe('loadStateMachines', () => {
  it('resolves CDK definitions to plain ASL with local ARNs', () => {
    const stack = newStack();
    const fn = inlineFunction(stack, 'Worker');
    const child = stateMachine(stack, 'Child', invoke(stack, 'Work', fn));
    const items = new sfn.DistributedMap(stack, 'Items', { itemsPath: '$.items', maxConcurrency: 2 });
    items.itemProcessor(invoke(stack, 'ItemWork', fn, { payloadResponseOnly: true }));
    const run = new tasks.StepFunctionsStartExecution(stack, 'RunChild', {
      stateMachine: child,
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
    });
    const parent = stateMachine(stack, 'Parent', items.next(run));

    const machines = loadStateMachines(synthesize(stack));
    const fnId = logicalId(fn);
    const byId = Object.fromEntries(machines.map((machine) => [machine.logicalId, machine]));
    const childMachine = byId[logicalId(child)];
    const parentMachine = byId[logicalId(parent)];

    expect(childMachine?.definition.States.Work).toMatchObject({
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: {
        FunctionName: `arn:aws:lambda:us-east-1:000000000000:function:${fnId}`,
        'Payload.$': '$',
      },
    });
    expect(childMachine?.lambdaTasks).toEqual([
      { statePath: ['Work'], functionLogicalId: fnId, timeoutSeconds: 3 },
    ]);
    expect(parentMachine?.definition.States.RunChild).toMatchObject({
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Parameters: {
        StateMachineArn: `arn:aws:states:us-east-1:000000000000:stateMachine:${logicalId(child)}`,
      },
    });
    expect(parentMachine?.lambdaTasks).toEqual([
      { statePath: ['Items', 'ItemWork'], functionLogicalId: fnId, timeoutSeconds: 3 },
    ]);
    expect(parentMachine?.childStateMachines).toEqual([logicalId(child)]);
  });

  it('applies DefinitionSubstitutions', () => {
    const stack = newStack();
    const fn = inlineFunction(stack, 'Worker');
    const machine = new sfn.StateMachine(stack, 'Substituted', {
      definitionBody: sfn.DefinitionBody.fromString(
        passDefinition({ fn: placeholder('fnArn'), region: placeholder('region') }),
      ),
      definitionSubstitutions: { fnArn: fn.functionArn, region: stack.region },
    });
    const [loaded] = loadStateMachines(synthesize(stack));
    expect(loaded?.logicalId).toBe(logicalId(machine));
    expect(loaded?.definition.States.P?.Result).toEqual({
      fn: `arn:aws:lambda:us-east-1:000000000000:function:${logicalId(fn)}`,
      region: 'us-east-1',
    });
  });

  it('resolves Fn::Sub, Ref and Fn::GetAtt of any resource', () => {
    const template = {
      Resources: {
        Table: { Type: 'AWS::DynamoDB::Table' },
        Fn: { Type: 'AWS::Lambda::Function' },
        Machine: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: {
            DefinitionString: {
              'Fn::Sub': [
                passDefinition({
                  t: placeholder('Table'),
                  a: placeholder('Table.Arn'),
                  f: placeholder('Fn'),
                  x: placeholder('X'),
                  lit: placeholder('!Keep'),
                  acct: placeholder('AWS::AccountId'),
                }),
                { X: { 'Fn::GetAtt': ['Fn', 'Arn'] } },
              ],
            },
          },
        },
      },
    };
    const [loaded] = loadStateMachines(template);
    expect(loaded?.definition.States.P?.Result).toEqual({
      t: 'Table',
      a: 'arn:aws:dynamodb:us-east-1:000000000000:Table',
      f: 'Fn',
      x: 'arn:aws:lambda:us-east-1:000000000000:function:Fn',
      lit: placeholder('Keep'),
      acct: '000000000000',
    });
  });

  it('names the path of a reference it cannot resolve', () => {
    const template = {
      Resources: {
        Machine: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: { DefinitionString: { 'Fn::Join': ['', ['{"StartAt":"', { Ref: 'Missing' }, '"}']] } },
        },
      },
    };
    expect(() => loadStateMachines(template)).toThrow(
      /Unknown reference Missing at Resources\.Machine\.Properties\.DefinitionString\.Fn::Join\[1\]\.Ref/,
    );
  });
});
