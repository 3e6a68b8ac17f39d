import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDeployConfig } from '#lib/config/load-config.js';
import { SttModelUpgraderStack } from '#lib/stt-model-upgrader-stack.js';
import { type AslState, loadStateMachines } from '#local/executor/index.js';
import { STACK_SYNTHESIS_TIMEOUT_MS } from './timeouts.js';

let template: Template;
let stack: SttModelUpgraderStack;
let states: [string, AslState][];
let unitId: string;

/** Every state of a definition, Map item processors included, by name. */
function allStates(definition: { States: Record<string, AslState> }): [string, AslState][] {
  return Object.entries(definition.States).flatMap(([name, state]) => {
    const processor = (state as { ItemProcessor?: { States: Record<string, AslState> } }).ItemProcessor;
    return [[name, state] as [string, AslState], ...(processor ? allStates(processor) : [])];
  });
}

beforeAll(() => {
  const app = new App({
    outdir: mkdtempSync(path.join(tmpdir(), 'infra-')),
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  const config = parseDeployConfig(
    { instances: [{ id: 'prod', secret: { name: 'stt/prod' } }, { id: 'lab' }], acousticConcurrency: 3 },
    'test',
  );
  stack = new SttModelUpgraderStack(app, 'Test', { config });
  template = Template.fromStack(stack);
  unitId = stack.getLogicalId(stack.unitWorkflow.stateMachine.node.defaultChild as never);
  const machine = loadStateMachines(template.toJSON()).find((m) => m.logicalId === unitId);
  if (!machine) throw new Error('unit state machine not found');
  expect(machine.definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
  states = allStates(machine.definition);
}, STACK_SYNTHESIS_TIMEOUT_MS);

const tasks = () =>
  states.filter(([, s]) => s.Type === 'Task') as [string, AslState & Record<string, unknown>][];

describe('upgrade-unit state machine', () => {
  it('is a Standard state machine with X-Ray tracing, logging every event without data to its own log group', () => {
    const resource = template.toJSON().Resources[unitId] as { Properties: Record<string, unknown> };
    const logGroups = Object.keys(template.findResources('AWS::Logs::LogGroup'));
    const ownLogGroup = logGroups.find((id) => id.startsWith('UnitWorkflowExecutionLogs'));
    expect(ownLogGroup).toBeDefined();
    expect(resource.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [ownLogGroup, 'Arn'] } } }],
      },
    });
  });

  it('uses JSONPath everywhere: no state carries JSONata', () => {
    // Item processors included: the model chains' states are searched too.
    expect(states.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'Validate input',
        'Language model: poll',
        'Acoustic model: poll',
        'Summarize unit',
      ]),
    );
    for (const [name, state] of states)
      expect((state as Record<string, unknown>).QueryLanguage, name).toBeUndefined();
  });

  it('retries Lambda service errors and transient IBM errors with full jitter on every task', () => {
    for (const [name, task] of tasks()) {
      const retry = (task.Retry ?? []) as { ErrorEquals: string[]; JitterStrategy?: string }[];
      expect(
        retry.some((r) => r.ErrorEquals.includes('Lambda.ServiceException')),
        name,
      ).toBe(true);
      expect(retry.find((r) => r.ErrorEquals.includes('Transient'))?.JitterStrategy, name).toBe('FULL');
    }
  });

  it('retries a busy model only where an upgrade is requested', () => {
    const busyRetried = tasks()
      .filter(([, task]) =>
        ((task.Retry ?? []) as { ErrorEquals: string[] }[]).some((r) => r.ErrorEquals.includes('ModelBusy')),
      )
      .map(([name]) => name);
    expect(busyRetried.sort()).toEqual([
      'Acoustic model: start forced upgrade with language model',
      'Acoustic model: start upgrade',
      'Acoustic model: start upgrade with language model',
      'Language model: start retrain',
      'Language model: start upgrade',
    ]);
  });

  it('forces the acoustic upgrade with the language model only after NoInputModified', () => {
    const [, withLm] =
      states.find(([name]) => name === 'Acoustic model: start upgrade with language model') ?? [];
    const catches = (withLm as unknown as { Catch: { ErrorEquals: string[]; Next: string }[] }).Catch;
    expect(catches[0]).toEqual(
      expect.objectContaining({
        ErrorEquals: ['NoInputModified'],
        Next: 'Acoustic model: start forced upgrade with language model',
      }),
    );
    const forcedParameters = tasks()
      .filter(([, task]) => JSON.stringify(task.Parameters).includes('"force":true'))
      .map(([name]) => name);
    expect(forcedParameters).toEqual(['Acoustic model: start forced upgrade with language model']);
  });

  it('takes every wait time from the poll policy (a timestamp in the state), never a constant', () => {
    const waits = states.filter(([, s]) => s.Type === 'Wait');
    expect(waits.length).toBe(4);
    for (const [name, wait] of waits) {
      expect(wait, name).toMatchObject({ TimestampPath: '$.progress.wakeAt' });
      expect((wait as Record<string, unknown>).Seconds, name).toBeUndefined();
    }
  });

  it('sends every failure of a model task to the failure recorder', () => {
    for (const [name, task] of tasks().filter(([n]) => /: (check|start|poll)/.test(n))) {
      const catches = (task.Catch ?? []) as { ErrorEquals: string[]; Next: string }[];
      expect(catches.find((c) => c.ErrorEquals.includes('States.ALL'))?.Next, name).toMatch(
        /record failure$/,
      );
    }
  });

  it('caps concurrent acoustic upgrades at the configured value', () => {
    const [, map] = states.find(([name]) => name === 'Upgrade acoustic models') ?? [];
    expect(map).toMatchObject({ MaxConcurrency: 3 });
  });
});

describe('unit handlers', () => {
  const functionId = (fn: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(fn.node.defaultChild as never);

  it('are one function per unit handler file, on Node.js 22 on arm64 with active tracing', () => {
    expect(Object.keys(stack.unitWorkflow.functions).sort()).toEqual([
      'check-model',
      'poll-upgrade',
      'record-failure',
      'start-upgrade',
      'summarize-unit',
      'validate-unit',
    ]);
    const functions = template.findResources('AWS::Lambda::Function');
    for (const [name, fn] of Object.entries(stack.unitWorkflow.functions)) {
      const id = functionId(fn);
      expect(functions[id]?.Properties.Environment.Variables.UPGRADER_HANDLER, id).toBe(name);
      expect(functions[id]?.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
    }
  });

  it('let only the unit handlers that call IBM read the instance secrets', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const readsSecrets = (functionId: string) => {
      const role = functions[functionId]?.Properties.Role['Fn::GetAtt'][0];
      return policies.some(
        (policy) =>
          policy.Properties.Roles.some((r: { Ref: string }) => r.Ref === role) &&
          JSON.stringify(policy.Properties.PolicyDocument).includes('secretsmanager:GetSecretValue'),
      );
    };
    const readers = Object.entries(stack.unitWorkflow.functions)
      .filter(([, fn]) => readsSecrets(functionId(fn)))
      .map(([name]) => name);
    expect(readers.sort()).toEqual(['check-model', 'poll-upgrade', 'start-upgrade']);
  });
});
