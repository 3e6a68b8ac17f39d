import { z } from 'zod';
import { LambdaTaskError } from '#core/contract/lambda-tasks/task-errors.js';
import { stateError } from './responses.js';

const rate = z.number().min(0).max(1);

/**
 * Faults Lambda itself gives an invoke, injected before the function runs: a throttle
 * (TooManyRequestsException, as when concurrency is spent) or a service exception. Each invocation
 * draws once from a seeded generator, so the same seed and the same order of invocations give the
 * same faults.
 */
export const lambdaFaultsSchema = z.strictObject({
  /** Share of invocations refused with `Lambda.TooManyRequestsException`. */
  throttleRate: rate.default(0),
  /** Share of invocations refused with `Lambda.ServiceException`. */
  serviceErrorRate: rate.default(0),
  seed: z.number().int().default(1),
});
export type LambdaFaults = z.input<typeof lambdaFaultsSchema>;

/** What the injector and the timeouts did, for reports and tests. */
export interface LambdaFaultCounts {
  invocations: number;
  throttled: number;
  serviceErrors: number;
  timedOut: number;
}

/** Decides, per invocation, whether Lambda refuses it; counts what it refused. */
export class LambdaFaultInjector {
  private readonly faults: z.output<typeof lambdaFaultsSchema>;
  private state: number;
  readonly counts: LambdaFaultCounts = { invocations: 0, throttled: 0, serviceErrors: 0, timedOut: 0 };

  constructor(faults: LambdaFaults = {}) {
    const parsed = lambdaFaultsSchema.safeParse(faults);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      throw new RangeError(`Lambda faults are invalid: ${issues.join('; ')}`);
    }
    this.faults = parsed.data;
    this.state = this.faults.seed >>> 0;
  }

  /** The error Lambda answers this invocation with instead of running the function, if any. */
  refusal(functionName: string): Error | undefined {
    this.counts.invocations++;
    const { throttleRate, serviceErrorRate } = this.faults;
    if (throttleRate === 0 && serviceErrorRate === 0) return undefined;
    const draw = this.next();
    if (draw < throttleRate) {
      this.counts.throttled++;
      return stateError(LambdaTaskError.TooManyRequests, `Rate Exceeded. (function ${functionName})`);
    }
    if (draw < throttleRate + serviceErrorRate) {
      this.counts.serviceErrors++;
      return stateError(LambdaTaskError.Service, `Lambda was unable to invoke ${functionName} (injected)`);
    }
    return undefined;
  }

  /** mulberry32: a few lines, seeded, and the executor needs nothing more from a generator. */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/**
 * Runs a handler within its function's timeout, as Lambda does: past it the invoke fails with the
 * error AWS gives (`Sandbox.Timedout`, "Task timed out after N seconds"). Lambda then stops the
 * function; here it cannot be stopped, so it runs on and whatever it returns or throws is dropped.
 */
export async function withinTimeout<T>(
  run: () => Promise<T>,
  timeoutSeconds: number,
  wallMsPerSecond: number,
  onTimeout: () => void,
): Promise<T> {
  const work = run();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      work.catch(() => undefined);
      reject(
        stateError(
          LambdaTaskError.FunctionTimedOut,
          `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
        ),
      );
    }, timeoutSeconds * wallMsPerSecond);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
