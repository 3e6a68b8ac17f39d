import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Hang guards, not speed checks: synthesizing the stack takes up to about 35 s on two cores with
    // the other one busy, and a guard allows five times a test's time on such a machine.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Vitest's default of one worker per core but one leaves a 2-core machine running files one by
    // one, while most of a workflow test's time is waiting on loopback servers: at least two.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Local tooling runs on Node 20 while the Lambdas run on Node 22: the AWS SDK's notice is noise here.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
