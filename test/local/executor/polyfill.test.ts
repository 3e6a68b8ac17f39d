import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { LocalExecutor, loadStateMachines, promiseWithResolversAvailable } from '#local/executor/index.js';
import { inlineFunction, invoke, logicalId, newStack, stateMachine, synthesize } from './cdk-fixture.js';

interface PromiseWithResolvers<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

// On Node 20 the library's Task states need Promise.withResolvers; without it a catch-all absorbs the TypeError.
describe('Promise.withResolvers polyfill', () => {
  it('is installed and working', async () => {
    expect(promiseWithResolversAvailable()).toBe(true);
    // The project's TypeScript lib (ES2023) does not declare it yet.
    const withResolvers = (Promise as unknown as { withResolvers: <T>() => PromiseWithResolvers<T> })
      .withResolvers;
    const { promise, resolve } = withResolvers.call(Promise);
    resolve(7);
    expect(await promise).toBe(7);
  });

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
  });
});
