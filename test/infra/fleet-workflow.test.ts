import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDeployConfig } from '#lib/config/load-config.js';
import { SttModelUpgraderStack } from '#lib/stt-model-upgrader-stack.js';
import { STACK_SYNTHESIS_TIMEOUT_MS } from './timeouts.js';

type State = Record<string, unknown> & { Type: string };
interface Definition {
  StartAt: string;
  States: Record<string, State>;
  QueryLanguage?: string;
}

const LM = '0a000000-0000-4000-8000-000000000001';
const AM = '0b000000-0000-4000-8000-000000000001';

let template: Template;
let stack: SttModelUpgraderStack;
let fleetId: string;
let unitId: string;
let definition: Definition;

/** The DefinitionString's Fn::Join as JSON: every token becomes a readable placeholder inside its string. */
function definitionOf(logicalId: string): Definition {
  const resource = template.toJSON().Resources[logicalId] as {
    Properties: { DefinitionString: { 'Fn::Join': [string, unknown[]] } };
  };
  const [separator, parts] = resource.Properties.DefinitionString['Fn::Join'];
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const token = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
      if (token.Ref) return `<Ref:${token.Ref}>`;
      if (token['Fn::GetAtt']) return `<GetAtt:${token['Fn::GetAtt'].join('.')}>`;
      return '<token>';
    })
    .join(separator);
  return JSON.parse(text) as Definition;
}

beforeAll(() => {
  const app = new App({
    outdir: mkdtempSync(path.join(tmpdir(), 'infra-')),
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  const config = parseDeployConfig(
    {
      instances: [{ id: 'prod', pairings: [{ acousticModelId: AM, languageModelId: LM }] }, { id: 'lab' }],
      fleetMaxConcurrency: 7,
    },
    'test',
  );
  stack = new SttModelUpgraderStack(app, 'Test', { config });
  template = Template.fromStack(stack);
  fleetId = stack.getLogicalId(stack.fleetWorkflow.stateMachine.node.defaultChild as never);
  unitId = stack.getLogicalId(stack.unitWorkflow.stateMachine.node.defaultChild as never);
  definition = definitionOf(fleetId);
}, STACK_SYNTHESIS_TIMEOUT_MS);

const runUnits = () => definition.States['Run units'] as State & Record<string, never>;

describe('fleet state machine', () => {
  it('plans, then loops fetch page -> Distributed Map -> more units?, then summarizes, in JSONPath', () => {
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(definition.StartAt).toBe('Plan fleet');
    expect(definition.States['Plan fleet']?.Next).toBe('More units?');
    expect(definition.States['More units?']).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.hasNextPage', BooleanEquals: true, Next: 'Fetch unit page' }],
      Default: 'Summarize fleet',
    });
    expect(definition.States['Fetch unit page']?.Next).toBe('Run units');
    expect(runUnits().Next).toBe('More units?');
    expect(definition.States['Summarize fleet']?.Next).toBe('Fleet done');
  });

  it('runs each unit as a Standard child execution, at most maxConcurrency at once, tolerating every failure', () => {
    expect(runUnits()).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.units',
      MaxConcurrency: 7,
      ToleratedFailurePercentage: 100,
      ResultPath: null,
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
    });
  });

  it("processes items with the unit workflow's own chain and functions, without copies", () => {
    const processor = runUnits().ItemProcessor as unknown as Definition;
    const unit = definitionOf(unitId);
    expect(processor.StartAt).toBe(unit.StartAt);
    expect(Object.keys(processor.States).sort()).toEqual(Object.keys(unit.States).sort());
    const functionOf = (d: Definition, state: string) =>
      (d.States[state]?.Parameters as { FunctionName?: string } | undefined)?.FunctionName;
    for (const state of ['Validate input', 'Summarize unit']) {
      expect(functionOf(processor, state)).toMatch(/^<GetAtt:UnitWorkflow/);
      expect(functionOf(processor, state)).toBe(functionOf(unit, state));
    }
    const fleetFunctions = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) =>
      id.startsWith('FleetWorkflow'),
    );
    expect(fleetFunctions).toHaveLength(3);
  });

  it('retries transient IBM errors with full jitter on its own tasks', () => {
    for (const name of ['Plan fleet', 'Fetch unit page', 'Summarize fleet']) {
      const task = definition.States[name] as State & {
        Retry: { ErrorEquals: string[]; JitterStrategy?: string }[];
      };
      expect(task.OutputPath, name).toBe('$.Payload');
      expect(task.Retry.find((r) => r.ErrorEquals.includes('Transient'))?.JitterStrategy, name).toBe('FULL');
    }
  });

  it('may start child executions of itself only, and describe or stop only its own executions', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: fleetId } }),
          Match.objectLike({
            Action: ['states:DescribeExecution', 'states:StopExecution'],
            Resource: {
              'Fn::Join': [
                '',
                Match.arrayWith([':execution:', Match.objectLike({ 'Fn::Select': Match.anyValue() })]),
              ],
            },
          }),
        ]),
      },
    });
    const policies = template.findResources('AWS::IAM::Policy');
    for (const [id, policy] of Object.entries(policies)) {
      const statements = (
        policy as { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } }
      ).Properties.PolicyDocument.Statement;
      for (const statement of statements) {
        const actions = [statement.Action].flat().map(String);
        if (actions.some((a) => a.startsWith('states:'))) expect(statement.Resource, id).not.toBe('*');
      }
    }
  });

  it('deploys the configured instances with their pairings to the settings store the planner reads', () => {
    const bucket = stack.getLogicalId(stack.settings.bucket.node.defaultChild as never);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ UPGRADER_HANDLER: 'plan-fleet', SETTINGS_BUCKET: { Ref: bucket } }),
      },
    });
    const { instances } = stack.settings.deployed;
    expect(Object.keys(instances)).toEqual(['prod', 'lab']);
    expect(instances.prod?.pairings).toEqual([{ acousticModelId: AM, languageModelId: LM }]);
    expect(instances.lab?.pairings).toEqual([]);
  });

  it('tells fetch-unit-page and summarize-fleet nothing of the instances, their settings or pairings', () => {
    for (const handler of ['fetch-unit-page', 'summarize-fleet']) {
      const [fn] = Object.values(
        template.findResources('AWS::Lambda::Function', {
          Properties: { Environment: { Variables: Match.objectLike({ UPGRADER_HANDLER: handler }) } },
        }),
      );
      const variables = Object.keys(fn?.Properties.Environment.Variables ?? {});
      expect(variables, handler).toContain('HISTORY_TABLE_NAME');
      expect(variables, handler).not.toContain('SETTINGS_BUCKET');
      expect(JSON.stringify(fn?.Properties.Environment), handler).not.toContain(AM);
    }
  });
});
