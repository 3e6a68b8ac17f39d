import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { LocalExecutor, loadStateMachines } from '#local/executor/index.js';
import { ScaledClock } from '#local/scaled-clock.js';
import { inlineFunction, invoke, logicalId, newStack, stateMachine, synthesize } from './cdk-fixture.js';

const hourMs = 3_600_000;

/**
 * A Lambda task that answers ModelBusy `failures` times, then succeeds, under `retry`; the executor
 * runs on `clock`'s scale, and every call's instant on that clock is recorded.
 */
async function retriedCalls(clock: ScaledClock, retry: sfn.RetryProps, failures: number) {
  const stack = newStack();
  const fn = inlineFunction(stack, 'Worker');
  const work = invoke(stack, 'Work', fn, { retryOnServiceExceptions: false });
  work.addRetry({ errors: ['ModelBusy'], ...retry });
  const machine = stateMachine(stack, 'Machine', work);
  const calls: number[] = [];
  const executor = new LocalExecutor({
    stateMachines: loadStateMachines(synthesize(stack)),
    lambdaHandlers: {
      [logicalId(fn)]: async () => {
        calls.push(clock.nowMs());
        if (calls.length <= failures) throw Object.assign(new Error('locked'), { name: 'ModelBusy' });
        return 'done';
      },
    },
    timeScale: clock.scale,
  });
  const result = await executor.start(logicalId(machine), {});
  expect(result.status).toBe('SUCCEEDED');
  expect(result.events.filter((event) => event.type === 'StateRetried')).toHaveLength(failures);
  return {
    /** Simulated hours between one attempt and the next. */
    gaps: calls.slice(1).map((at, n) => (at - (calls[n] as number)) / hourMs),
    wallMs: result.stopDate.getTime() - result.startDate.getTime(),
  };
}

describe('Retry intervals on a time scale', () => {
  it('waits each retry interval, backed off, in simulated time', async () => {
    // An hour is 0.2 s here. Timers never fire early by more than a millisecond, so lower bounds are safe.
    const { gaps } = await retriedCalls(
      new ScaledClock(18_000),
      { interval: Duration.hours(1), maxAttempts: 2, backoffRate: 2 },
      2,
    );
    expect(gaps).toHaveLength(2);
    expect(gaps[0]).toBeGreaterThanOrEqual(0.9);
    expect(gaps[1]).toBeGreaterThanOrEqual(1.8);
  });

  it('caps a backed-off interval at the scaled MaxDelay', async () => {
    // Uncapped, the third wait would be 100 simulated hours (10 s); capped, it is 2 hours (0.2 s).
    const { gaps } = await retriedCalls(
      new ScaledClock(36_000),
      { interval: Duration.hours(1), maxAttempts: 3, backoffRate: 10, maxDelay: Duration.hours(2) },
      3,
    );
    expect(gaps[0]).toBeGreaterThanOrEqual(0.9);
    expect(gaps[1]).toBeGreaterThanOrEqual(1.8);
    expect(gaps[2]).toBeGreaterThanOrEqual(1.8);
    // A wide margin for a loaded machine: 20 hours is 2 s of wall time, a fifth of the uncapped wait.
    expect(gaps[2]).toBeLessThan(20);
  });

  it('applies full jitter to the scaled interval', async () => {
    // Twelve waits drawn from [0, 1 h]; without jitter each would last the whole hour (0.3 s).
    const { gaps } = await retriedCalls(
      new ScaledClock(12_000),
      { interval: Duration.hours(1), maxAttempts: 12, backoffRate: 1, jitterStrategy: sfn.JitterType.FULL },
      12,
    );
    // All twelve at 0.7 h or more has a chance of 0.3^12 (about 5e-7) with jitter.
    expect(Math.min(...gaps)).toBeLessThan(0.7);
  });

  it('stays fast on a huge time scale', async () => {
    // Five retries from an hour doubling: 31 simulated hours, a tenth of a millisecond at this scale.
    const { gaps, wallMs } = await retriedCalls(
      new ScaledClock(1e9),
      { interval: Duration.hours(1), maxAttempts: 5, backoffRate: 2 },
      5,
    );
    expect(gaps).toHaveLength(5);
    expect(wallMs).toBeLessThan(10_000);
  });

  it('refuses a time scale that is not positive', () => {
    expect(() => new LocalExecutor({ stateMachines: [], lambdaHandlers: {}, timeScale: 0 })).toThrow(
      /timeScale must be positive, got 0/,
    );
  });
});
