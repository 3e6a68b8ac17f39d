import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { type LambdaHandler, LocalExecutor, loadStateMachines } from '#local/executor/index.js';
import { inlineFunction, invoke, logicalId, newStack, stateMachine, synthesize } from './cdk-fixture.js';

// One Lambda task with the Retry and Catch rules the workflows use: a custom error retried, another caught.
function setUp(handler?: LambdaHandler) {
  const stack = newStack();
  const fn = inlineFunction(stack, 'Worker');
  const work = invoke(stack, 'Work', fn, {
    payload: sfn.TaskInput.fromObject({ 'n.$': '$.n', 'execution.$': '$$.Execution.Name' }),
    retryOnServiceExceptions: false,
  });
  work.addRetry({ errors: ['ModelBusy'], interval: Duration.seconds(30), maxAttempts: 2, backoffRate: 2 });
  work.addCatch(new sfn.Pass(stack, 'Recovered'), { errors: ['ModelNotFound'], resultPath: '$.failure' });
  const machine = stateMachine(stack, 'Machine', work);
  const executor = new LocalExecutor({
    stateMachines: loadStateMachines(synthesize(stack)),
    lambdaHandlers: handler ? { [logicalId(fn)]: handler } : {},
  });
  return { executor, id: logicalId(machine), fnId: logicalId(fn) };
}

const namedError = (name: string, message: string): Error => Object.assign(new Error(message), { name });

describe('Lambda tasks', () => {
  it('hands the handler the Payload and wraps its result as lambda:invoke does', async () => {
    const received: unknown[] = [];
    const { executor, id } = setUp(async (event) => {
      received.push(event);
      return { doubled: 2 };
    });
    const result = await executor.start(id, { n: 1 }, { name: 'run-1' });
    expect(result.status).toBe('SUCCEEDED');
    expect(received).toEqual([{ n: 1, execution: 'run-1' }]);
    expect(result.output).toEqual({
      Payload: { doubled: 2 },
      StatusCode: 200,
      ExecutedVersion: '$LATEST',
      SdkHttpMetadata: {},
      SdkResponseMetadata: {},
    });
  });

  it('retries an error by its name without sleeping the interval', async () => {
    let calls = 0;
    const { executor, id } = setUp(async () => {
      calls++;
      if (calls <= 2) throw namedError('ModelBusy', 'another request is in flight');
      return 'done';
    });
    const started = Date.now();
    const result = await executor.start(id, { n: 1 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.status).toBe('SUCCEEDED');
    expect(calls).toBe(3);
    expect(result.events.filter((event) => event.type === 'StateRetried')).toHaveLength(2);
  });

  it('fails the execution with the error name and message once retries are exhausted', async () => {
    const { executor, id } = setUp(async () => {
      throw namedError('ModelBusy', 'still busy');
    });
    const result = await executor.start(id, { n: 1 });
    expect(result).toMatchObject({ status: 'FAILED', error: 'ModelBusy', cause: 'still busy' });
  });

  it('catches an error by its name, with Error and Cause at the ResultPath', async () => {
    const { executor, id } = setUp(async () => {
      throw namedError('ModelNotFound', 'no model abc');
    });
    const result = await executor.start(id, { n: 1 });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({ n: 1, failure: { Error: 'ModelNotFound', Cause: 'no model abc' } });
    expect(result.events.map((event) => event.type)).toContain('StateCaught');
    expect(result.stateTransitions).toBe(2);
  });

  it('refuses to start without a handler for every function the machine calls', async () => {
    const { executor, id, fnId } = setUp();
    await expect(executor.start(id, { n: 1 })).rejects.toThrow(`needs local handlers for: ${fnId}`);
  });
});
