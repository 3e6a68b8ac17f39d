import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

// Small CDK stacks for the executor tests; functions use inline code so nothing is bundled.

export const newStack = (): Stack =>
  new Stack(new App({ outdir: mkdtempSync(join(tmpdir(), 'executor-')) }), 'T');

export const synthesize = (stack: Stack): unknown => Template.fromStack(stack).toJSON();

export const logicalId = (construct: Construct): string =>
  Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);

export const inlineFunction = (scope: Construct, id: string): lambda.Function =>
  new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => null;'),
  });

export const invoke = (
  scope: Construct,
  id: string,
  fn: lambda.IFunction,
  props: Partial<tasks.LambdaInvokeProps> = {},
) =>
  new tasks.LambdaInvoke(scope, id, {
    lambdaFunction: fn,
    taskTimeout: sfn.Timeout.duration(Duration.seconds(30)),
    ...props,
  });

export const stateMachine = (scope: Construct, id: string, chain: sfn.IChainable): sfn.StateMachine =>
  new sfn.StateMachine(scope, id, {
    queryLanguage: sfn.QueryLanguage.JSON_PATH,
    definitionBody: sfn.DefinitionBody.fromChainable(chain),
  });

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
