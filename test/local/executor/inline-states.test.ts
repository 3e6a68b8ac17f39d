import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { LocalExecutor, loadStateMachines } from '#local/executor/index.js';
import { inlineFunction, invoke, logicalId, newStack, stateMachine, synthesize } from './cdk-fixture.js';

// Tasks nested in an inline Map inside a Parallel share the execution, its handlers and its retry overrides.
describe('states inside inline Maps and Parallels', () => {
  it('runs their Lambda tasks locally and retries them without sleeping', async () => {
    const stack = newStack();
    const fn = inlineFunction(stack, 'Worker');
    const work = invoke(stack, 'Work', fn, { payloadResponseOnly: true });
    work.addRetry({ errors: ['ModelBusy'], interval: Duration.seconds(30), maxAttempts: 1 });
    const each = new sfn.Map(stack, 'Each', { itemsPath: '$.items' }).itemProcessor(work);
    const both = new sfn.Parallel(stack, 'Both').branch(each).branch(new sfn.Pass(stack, 'Other'));
    const machine = stateMachine(stack, 'Machine', both);

    const failedOnce = new Set<unknown>();
    const executor = new LocalExecutor({
      stateMachines: loadStateMachines(synthesize(stack)),
      lambdaHandlers: {
        [logicalId(fn)]: async (item) => {
          if (!failedOnce.has(item)) {
            failedOnce.add(item);
            throw Object.assign(new Error('busy'), { name: 'ModelBusy' });
          }
          return `done ${item}`;
        },
      },
    });
    const started = Date.now();
    const result = await executor.start(logicalId(machine), { items: [1, 2] });

    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual([['done 1', 'done 2'], { items: [1, 2] }]);
    expect(result.events.filter((event) => event.type === 'StateRetried')).toHaveLength(2);
    expect(result.childExecutions).toEqual([]);
  });
});
