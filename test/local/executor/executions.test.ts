import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { LocalExecutor, loadStateMachines } from '#local/executor/index.js';
import { logicalId, newStack, stateMachine, synthesize } from './cdk-fixture.js';

// An hour-long Wait followed by a state that reports the execution's own name.
function setUp(waitTimeMs: (stateName: string) => number | undefined) {
  const stack = newStack();
  const pause = new sfn.Wait(stack, 'Pause', { time: sfn.WaitTime.duration(Duration.hours(1)) });
  const echo = new sfn.Pass(stack, 'Echo', { parameters: { 'name.$': '$$.Execution.Name', 'input.$': '$' } });
  const machine = stateMachine(stack, 'Machine', pause.next(echo));
  const executor = new LocalExecutor({
    stateMachines: loadStateMachines(synthesize(stack)),
    lambdaHandlers: {},
    waitTimeMs,
  });
  return { executor, id: logicalId(machine) };
}

describe('executions', () => {
  it('names an execution with a uuid by default and exposes it as $$.Execution.Name', async () => {
    const { executor, id } = setUp(() => 0);
    const result = await executor.start(id, { a: 1 });
    expect(result.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(result.executionArn).toBe(`arn:aws:states:us-east-1:000000000000:execution:${id}:${result.name}`);
    expect(result.output).toEqual({ name: result.name, input: { a: 1 } });
    expect(result.stopDate.getTime()).toBeGreaterThanOrEqual(result.startDate.getTime());
  });

  it('returns the running execution for the same name and input, and refuses any other reuse', async () => {
    const { executor, id } = setUp(() => 50);
    const first = executor.start(id, { a: 1 }, { name: 'once' });
    const same = executor.start(id, { a: 1 }, { name: 'once' });
    await expect(executor.start(id, { a: 2 }, { name: 'once' })).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
    expect(await same).toBe(await first);
    await expect(executor.start(id, { a: 1 }, { name: 'once' })).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
  });

  it('asks for the wait time each time a Wait state runs', async () => {
    let waitMs = 0;
    const asked: string[] = [];
    const { executor, id } = setUp((stateName) => {
      asked.push(stateName);
      return waitMs;
    });
    const quick = await executor.start(id, {});
    // Far apart, so a loaded machine cannot blur the difference.
    waitMs = 1000;
    const slow = await executor.start(id, {});
    const elapsed = (result: typeof quick) => result.stopDate.getTime() - result.startDate.getTime();
    expect(elapsed(quick)).toBeLessThan(1000);
    expect(elapsed(slow)).toBeGreaterThanOrEqual(990);
    expect(asked).toEqual(['Pause', 'Pause']);
  });

  it('rejects an unknown state machine', async () => {
    const { executor } = setUp(() => 0);
    await expect(executor.start('Nope', {})).rejects.toThrow(/Unknown state machine Nope/);
  });

  it('refuses a definition the States Language validator rejects', () => {
    const definition = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Missing' } } };
    expect(
      () =>
        new LocalExecutor({
          stateMachines: [{ logicalId: 'Broken', definition, lambdaTasks: [], childStateMachines: [] }],
          lambdaHandlers: {},
        }),
    ).toThrow(/State machine Broken: State machine definition is invalid/);
  });
});
