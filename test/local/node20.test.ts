import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { LocalExecutor, loadStateMachines } from '#local/executor/index.js';
import {
  inlineFunction,
  invoke,
  logicalId,
  newStack,
  stateMachine,
  synthesize,
} from './executor/cdk-fixture.js';

/**
 * Runs in a fresh Node process without a native Promise.withResolvers (removed first, so the
 * polyfill is what gets tested on every Node version), then loads the polyfill.
 */
const withoutNative = `
delete Promise.withResolvers;
const before = typeof Promise.withResolvers;
const { promiseWithResolversAvailable } = await import('#local/node20.js');
const resolved = Promise.withResolvers();
resolved.resolve(7);
const rejected = Promise.withResolvers();
rejected.reject(new Error('refused'));
process.stdout.write(JSON.stringify({
  before,
  available: promiseWithResolversAvailable(),
  native: Function.prototype.toString.call(Promise.withResolvers).includes('[native code]'),
  isPromise: resolved.promise instanceof Promise,
  value: await resolved.promise,
  reason: await rejected.promise.then(() => 'resolved', (error) => error.message),
  sdkNotice: process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ?? 'shown',
}));
`;

// On Node 20 the library's Task states need Promise.withResolvers; without it a catch-all absorbs the TypeError.
describe('local mode on Node 20', () => {
  it("installs a working withResolvers where the runtime has none, and silences the AWS SDK's Node 20 notice", async () => {
    // Without the setting vitest gives every test, so the module's own is what the child reports.
    const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _, ...env } = process.env;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', withoutNative],
      { cwd: process.cwd(), env },
    );
    expect(JSON.parse(stdout)).toEqual({
      before: 'undefined',
      available: true,
      native: false,
      isPromise: true,
      value: 7,
      reason: 'refused',
      sdkNotice: 'true',
    });
  }, 60_000);

  it('lets a Task behind a catch-all return its handler result', async () => {
    const stack = newStack();
    const fn = inlineFunction(stack, 'Worker');
    const work = invoke(stack, 'Work', fn, { payloadResponseOnly: true });
    work.addCatch(new sfn.Pass(stack, 'Swallowed'), { errors: ['States.ALL'], resultPath: '$.error' });
    const machine = stateMachine(stack, 'Machine', work);
    const executor = new LocalExecutor({
      stateMachines: loadStateMachines(synthesize(stack)),
      lambdaHandlers: { [logicalId(fn)]: async () => 'handled' },
    });
    const result = await executor.start(logicalId(machine), {});
    expect(result.output).toBe('handled');
    expect(result.events.map((event) => event.type)).not.toContain('StateCaught');
    // Synthesis alone took 45 s on a loaded two-core machine.
  }, 240_000);
});
