import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { LambdaTaskError } from '#core/contract/lambda-tasks/task-errors.js';
import { type LambdaHandler, LocalExecutor, loadStateMachines } from '#local/executor/index.js';
import type { LambdaFaults } from '#local/executor/lambda-faults.js';
import { invoke, logicalId, newStack, sleep, stateMachine, synthesize } from './cdk-fixture.js';

// One Lambda task whose function allows 2 s, retrying Lambda's throttles only when asked to.
function setUp(
  handler: LambdaHandler,
  options: { retryThrottles: boolean; lambdaFaults?: LambdaFaults; functionTimeScale?: number },
) {
  const stack = newStack();
  const fn = new lambda.Function(stack, 'Worker', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => null;'),
    timeout: Duration.seconds(2),
  });
  const work = invoke(stack, 'Work', fn, { retryOnServiceExceptions: false, outputPath: '$.Payload' });
  if (options.retryThrottles) {
    work.addRetry({
      errors: [LambdaTaskError.TooManyRequests, LambdaTaskError.Service],
      maxAttempts: 20,
      interval: Duration.seconds(1),
      jitterStrategy: sfn.JitterType.FULL,
    });
  }
  const machine = stateMachine(stack, 'Machine', work);
  const executor = new LocalExecutor({
    stateMachines: loadStateMachines(synthesize(stack)),
    lambdaHandlers: { [logicalId(fn)]: handler },
    ...(options.lambdaFaults ? { lambdaFaults: options.lambdaFaults } : {}),
    ...(options.functionTimeScale ? { functionTimeScale: options.functionTimeScale } : {}),
  });
  return { executor, id: logicalId(machine) };
}

describe('Lambda faults in the local executor', () => {
  it('refuses invocations with TooManyRequestsException at the given rate, before the function runs', async () => {
    let ran = 0;
    const { executor, id } = setUp(
      async () => {
        ran++;
        return 'done';
      },
      { retryThrottles: true, lambdaFaults: { throttleRate: 0.5, seed: 7 } },
    );
    for (let n = 0; n < 10; n++) expect((await executor.start(id, {})).status).toBe('SUCCEEDED');
    const counts = executor.lambdaFaultCounts();
    expect(counts.throttled).toBeGreaterThan(0);
    expect(counts.invocations).toBe(ran + counts.throttled);
    expect(ran).toBe(10);
  });

  it('fails a task that does not retry throttles with the name AWS gives', async () => {
    const { executor, id } = setUp(async () => 'done', {
      retryThrottles: false,
      lambdaFaults: { throttleRate: 1 },
    });
    const result = await executor.start(id, {});
    expect(result).toMatchObject({ status: 'FAILED', error: 'Lambda.TooManyRequestsException' });
  });

  it('injects service exceptions too, and the same seed replays the same faults', async () => {
    const countsFor = async (seed: number) => {
      const { executor, id } = setUp(async () => 'done', {
        retryThrottles: true,
        lambdaFaults: { throttleRate: 0.2, serviceErrorRate: 0.2, seed },
      });
      for (let n = 0; n < 10; n++) await executor.start(id, {});
      return executor.lambdaFaultCounts();
    };
    const first = await countsFor(3);
    expect(first.serviceErrors).toBeGreaterThan(0);
    expect(await countsFor(3)).toEqual(first);
  });

  it('names a bad rate', () => {
    expect(
      () => new LocalExecutor({ stateMachines: [], lambdaHandlers: {}, lambdaFaults: { throttleRate: 1.5 } }),
    ).toThrow(/throttleRate/);
  });
});

describe('function timeouts in the local executor', () => {
  it("fails an invoke that outlives its function's template Timeout with Sandbox.Timedout", async () => {
    // 2 s of function time is 100 ms of wall-clock time at this scale.
    const { executor, id } = setUp(
      async () => {
        await sleep(1_000);
        return 'late';
      },
      { retryThrottles: false, functionTimeScale: 20 },
    );
    const result = await executor.start(id, {});
    expect(result).toMatchObject({
      status: 'FAILED',
      error: 'Sandbox.Timedout',
      cause: 'Task timed out after 2.00 seconds',
    });
    expect(executor.lambdaFaultCounts().timedOut).toBe(1);
  });

  it('lets a function that answers in time succeed', async () => {
    const { executor, id } = setUp(async () => 'in time', { retryThrottles: false, functionTimeScale: 20 });
    expect(await executor.start(id, {})).toMatchObject({ status: 'SUCCEEDED', output: 'in time' });
    expect(executor.lambdaFaultCounts().timedOut).toBe(0);
  });
});
