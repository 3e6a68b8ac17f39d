import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import aslValidator from 'asl-validator';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSttConnection } from '#adapters/stt/index.js';
import {
  IBM_REQUEST_TIMEOUT_MAX_SECONDS,
  IBM_REQUEST_TIMEOUT_SECONDS,
  type UnitFunctionName,
  unitFunctionCalls,
  worstCaseSeconds,
} from '#core/contract/lambda-tasks/function-timeouts.js';
import { parseDeployConfig } from '#lib/config/load-config.js';
import { SttModelUpgraderStack } from '#lib/stt-model-upgrader-stack.js';
import { type AslState, type LocalStateMachine, loadStateMachines } from '#local/executor/index.js';
import { STACK_SYNTHESIS_TIMEOUT_MS } from './timeouts.js';

type Retrier = { ErrorEquals: string[]; JitterStrategy?: string; MaxAttempts?: number };

let template: Template;
let machines: LocalStateMachine[];

beforeAll(() => {
  const app = new App({
    outdir: mkdtempSync(path.join(tmpdir(), 'infra-')),
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  // Verification on, so that every function and every state exists.
  const config = parseDeployConfig(
    { instances: [{ id: 'prod', testSets: { default: 'general' } }], testSetBucket: { create: true } },
    'test',
  );
  template = Template.fromStack(new SttModelUpgraderStack(app, 'Tasks', { config }));
  machines = loadStateMachines(template.toJSON());
}, STACK_SYNTHESIS_TIMEOUT_MS);

/** Every Lambda task of every state machine (Map processors included), with the state it is. */
function lambdaTasks() {
  return machines.flatMap((machine) =>
    machine.lambdaTasks.map((task) => {
      let states = machine.definition.States;
      let state: AslState | undefined;
      for (const name of task.statePath) {
        state = states[name];
        const processor = state?.ItemProcessor as { States: Record<string, AslState> } | undefined;
        if (processor) states = processor.States;
      }
      if (!state) throw new Error(`no state ${task.statePath.join(' > ')}`);
      return { ...task, name: `${machine.logicalId}: ${task.statePath.join(' > ')}`, state };
    }),
  );
}

const retriers = (state: AslState) => (state.Retry ?? []) as Retrier[];

describe('every Lambda task', () => {
  it('exists in every state machine: unit, fleet, migration, migration fleet and accuracy watch', () => {
    expect(machines).toHaveLength(5);
    for (const machine of machines) expect(machine.lambdaTasks.length, machine.logicalId).toBeGreaterThan(0);
    expect(lambdaTasks().length).toBeGreaterThan(20);
  });

  it("retries Lambda's throttles and service errors with backoff and full jitter", () => {
    for (const { name, state } of lambdaTasks()) {
      const rule = retriers(state).find((r) => r.ErrorEquals.includes('Lambda.TooManyRequestsException'));
      expect(rule, name).toBeDefined();
      expect(rule?.JitterStrategy, name).toBe('FULL');
      expect(rule?.ErrorEquals, name).toEqual(
        expect.arrayContaining([
          'Lambda.ServiceException',
          'Lambda.AWSLambdaException',
          'Lambda.SdkClientException',
        ]),
      );
    }
  });

  it('retries a function or a task that timed out, so the handler observes before it decides', () => {
    for (const { name, state } of lambdaTasks()) {
      const rule = retriers(state).find((r) => r.ErrorEquals.includes('Sandbox.Timedout'));
      expect(rule?.ErrorEquals, name).toEqual(expect.arrayContaining(['States.Timeout', 'Lambda.Unknown']));
      expect(rule?.JitterStrategy, name).toBe('FULL');
    }
  });

  it("waits longer than its function's timeout", () => {
    for (const { name, state, timeoutSeconds } of lambdaTasks()) {
      expect(state.TimeoutSeconds, name).toBeGreaterThan(timeoutSeconds);
    }
  });
});

describe('function timeouts', () => {
  const unitFunctions = () =>
    Object.values(template.findResources('AWS::Lambda::Function'))
      .map((fn) => ({
        handler: fn.Properties.Environment?.Variables?.UPGRADER_HANDLER as string,
        timeout: fn.Properties.Timeout as number,
      }))
      .filter((fn) => fn.handler in unitFunctionCalls);

  it("exceed the worst case of each unit function's calls", () => {
    expect(unitFunctions()).toHaveLength(Object.keys(unitFunctionCalls).length);
    for (const { handler, timeout } of unitFunctions()) {
      expect(timeout, handler).toBeGreaterThan(
        worstCaseSeconds(unitFunctionCalls[handler as UnitFunctionName]),
      );
    }
  });

  it("count the start task's five IBM requests in sequence at the longest request timeout a connection may set", () => {
    const start = unitFunctions().find((fn) => fn.handler === 'start-upgrade');
    expect(start?.timeout).toBeGreaterThan(5 * IBM_REQUEST_TIMEOUT_MAX_SECONDS);
  });

  it('rest on the request timeouts the IBM adapter applies', () => {
    const connection = { serviceUrl: 'https://stt.example', auth: { type: 'none' } };
    expect(parseSttConnection(connection).requestTimeoutSeconds).toBe(IBM_REQUEST_TIMEOUT_SECONDS);
    expect(() =>
      parseSttConnection({ ...connection, requestTimeoutSeconds: IBM_REQUEST_TIMEOUT_MAX_SECONDS + 1 }),
    ).toThrow(/requestTimeoutSeconds/);
  });
});

describe('state machine definitions', () => {
  it('are valid Amazon States Language, Distributed Map included', () => {
    for (const machine of machines) {
      const { isValid, errors } = aslValidator(machine.definition);
      expect(errors, machine.logicalId).toEqual([]);
      expect(isValid, machine.logicalId).toBe(true);
    }
  });
});

describe("the fleet's Distributed Map", () => {
  const runUnits = () => {
    const fleet = machines.find((m) => m.definition.States['Run units']);
    const state = fleet?.definition.States['Run units'];
    if (!state) throw new Error('no Run units state');
    return state;
  };

  it('tolerates every failed unit and keeps no child output in the state', () => {
    expect(runUnits()).toMatchObject({ ToleratedFailurePercentage: 100, ResultPath: null });
  });

  it('goes on to the next page and the summary when the Map itself fails, its result too large included', () => {
    const catches = runUnits().Catch as { ErrorEquals: string[]; Next: string }[];
    expect(catches.map((c) => c.ErrorEquals)).toEqual([['States.DataLimitExceeded'], ['States.ALL']]);
    for (const rule of catches) expect(rule.Next).toBe('More units?');
  });
});

describe('state machine logs', () => {
  it('go to log groups under /aws/vendedlogs/states/', () => {
    const groups = template.toJSON().Resources as Record<
      string,
      { Type: string; Properties: Record<string, unknown> }
    >;
    const stateMachineGroups = Object.values(template.findResources('AWS::StepFunctions::StateMachine')).map(
      (machine) => {
        const [destination] = machine.Properties.LoggingConfiguration.Destinations;
        const [logicalId] = destination.CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'];
        return groups[logicalId]?.Properties.LogGroupName;
      },
    );
    expect(stateMachineGroups).toHaveLength(5);
    for (const name of stateMachineGroups) expect(name).toMatch(/^\/aws\/vendedlogs\/states\/Tasks-/);
    expect(new Set(stateMachineGroups).size).toBe(5);
  });
});
