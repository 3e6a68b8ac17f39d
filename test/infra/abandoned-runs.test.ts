import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '#lib/config/load-config.js';
import { SttModelUpgraderStack } from '#lib/stt-model-upgrader-stack.js';
import { STACK_SYNTHESIS_TIMEOUT_MS } from './timeouts.js';

describe('abandoned runs', () => {
  const app = new App({
    outdir: mkdtempSync(path.join(tmpdir(), 'abandoned-')),
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  const stack = new SttModelUpgraderStack(app, 'Test', {
    config: parseDeployConfig({ instances: [{ id: 'prod' }] }, 'test'),
  });
  const template = Template.fromStack(stack);
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as never);
  const unitMachine = logicalId(stack.unitWorkflow.stateMachine);
  const fleetMachine = logicalId(stack.fleetWorkflow.stateMachine);
  const closer = logicalId(stack.abandonedRuns.functions['close-abandoned-run']);

  it(
    'send failed, timed-out and aborted executions of units (standalone and a fleet’s) and of fleets to the closer, with retries',
    () => {
      const rules = template.findResources('AWS::Events::Rule', {
        Properties: {
          EventPattern: {
            source: ['aws.states'],
            detail: {
              status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
              stateMachineArn: [
                { Ref: unitMachine },
                { Ref: fleetMachine },
                // Distributed Map children report `<fleet ARN>/<Map Run label>`.
                { prefix: { 'Fn::Join': ['', [{ Ref: fleetMachine }, '/']] } },
              ],
            },
          },
          Targets: Match.arrayWith([
            Match.objectLike({
              Arn: { 'Fn::GetAtt': [closer, 'Arn'] },
              RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86_400 },
            }),
          ]),
        },
      });
      expect(Object.keys(rules)).toHaveLength(1);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ FLEET_STATE_MACHINE_ARN: { Ref: fleetMachine } }) },
      });
    },
    STACK_SYNTHESIS_TIMEOUT_MS,
  );

  it('labels the fleet’s Distributed Map, so its units’ ARNs are known before they run', () => {
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine', {}))
      .map((r) => JSON.stringify(r.Properties.DefinitionString))
      .filter((definition) => definition.includes('Run units'));
    expect(machine).toContain('\\"Label\\":\\"RunUnits\\"');
  });

  it('lets the start task ask Step Functions whether a claim’s execution (a unit’s or a fleet unit’s) still runs', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy', {})).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[],
    );
    const describe = statements.filter((s) => s.Action === 'states:DescribeExecution');
    expect(describe).toHaveLength(1);
    const resources = JSON.stringify(describe[0]?.Resource);
    expect(resources).toContain(`{"Fn::GetAtt":["${unitMachine}","Name"]},":*"`);
    expect(resources).toContain(`{"Fn::GetAtt":["${fleetMachine}","Name"]},"/RunUnits:*"`);
  });
});
