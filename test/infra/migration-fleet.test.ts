import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import aslValidator from 'asl-validator';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDeployConfig } from '#lib/config/load-config.js';
import { MIGRATIONS_MAP_LABEL } from '#lib/constructs/migration-fleet.js';
import { SttModelUpgraderStack } from '#lib/stt-model-upgrader-stack.js';
import { type AslState, loadStateMachines } from '#local/executor/index.js';
import { STACK_SYNTHESIS_TIMEOUT_MS } from './timeouts.js';

let stack: SttModelUpgraderStack;
let template: Template;
let states: Record<string, AslState>;
let definition: Record<string, unknown>;

beforeAll(() => {
  const app = new App({
    outdir: mkdtempSync(path.join(tmpdir(), 'migration-fleet-infra-')),
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  const config = parseDeployConfig(
    { instances: [{ id: 'cloud' }, { id: 'cpd' }], fleetMaxConcurrency: 7, testSetBucket: { name: 'sets' } },
    'test',
  );
  stack = new SttModelUpgraderStack(app, 'MigrationFleet', { config });
  template = Template.fromStack(stack);
  const logicalId = stack.getLogicalId(stack.migrationFleet.stateMachine.node.defaultChild as never);
  const machine = loadStateMachines(template.toJSON()).find((m) => m.logicalId === logicalId);
  if (!machine) throw new Error('no migration fleet state machine');
  definition = machine.definition as unknown as Record<string, unknown>;
  states = machine.definition.States;
}, STACK_SYNTHESIS_TIMEOUT_MS);

const functionId = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);

describe('the migration fleet state machine', () => {
  it('is valid Amazon States Language, its Distributed Map included', () => {
    const { isValid, errors } = aslValidator(definition as never);
    expect(errors).toEqual([]);
    expect(isValid).toBe(true);
  });

  it("runs each page's migrations as Standard child executions, at the fleet's concurrency, tolerating every failure", () => {
    expect(states['Run migrations']).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 7,
      ToleratedFailurePercentage: 100,
      ResultPath: null,
      Label: MIGRATIONS_MAP_LABEL,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'start migration',
      },
    });
    const catches = states['Run migrations']?.Catch as { ErrorEquals: string[]; Next: string }[];
    expect(catches.map((c) => c.ErrorEquals)).toEqual([['States.DataLimitExceeded'], ['States.ALL']]);
    for (const rule of catches) expect(rule.Next).toBe('More sources?');
  });

  it("migrates each item with the migration state machine's own function", () => {
    const processor = states['Run migrations']?.ItemProcessor as { States: Record<string, AslState> };
    expect(JSON.stringify(processor.States.prepare?.Parameters)).toContain(
      functionId(stack.migrationWorkflow.function),
    );
    expect(processor.States['wait for training']).toMatchObject({
      Type: 'Wait',
      TimestampPath: '$.step.wakeAt',
    });
  });

  it('plans, pages and summarizes with its own function, which may read the instances and tell the topic', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900,
      Environment: {
        Variables: Match.objectLike({
          UPGRADER_HANDLER: 'migrate-fleet',
          HISTORY_TABLE_NAME: Match.anyValue(),
          SETTINGS_BUCKET: Match.anyValue(),
          NOTIFICATION_TOPIC_ARN: Match.anyValue(),
        }),
      },
    });
    for (const state of ['Plan migrations', 'Fetch source page', 'Summarize migrations']) {
      expect(JSON.stringify(states[state]?.Parameters), state).toContain(
        functionId(stack.migrationFleet.function),
      );
    }
    const role = stack.getLogicalId(stack.migrationFleet.function.role?.node.defaultChild as never);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: role }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['secretsmanager:GetSecretValue']),
          }),
          Match.objectLike({ Action: 'sns:Publish' }),
        ]),
      },
    });
  });

  it('names its state machine in the stack outputs', () => {
    template.hasOutput('MigrationFleetStateMachineArn', {
      Value: { Ref: stack.getLogicalId(stack.migrationFleet.stateMachine.node.defaultChild as never) },
    });
  });
});
