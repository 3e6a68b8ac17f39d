import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { LocalExecutor, loadStateMachines } from '#local/executor/index.js';
import { inlineFunction, invoke, logicalId, newStack, stateMachine, synthesize } from './cdk-fixture.js';

// A fleet-shaped parent: a page of 100 items in a Distributed Map that tolerates every failure and
// discards its result, optionally caught, then a summary.
function setUp(itemOutputBytes: number, options: { caught: boolean; failing: boolean }) {
  const stack = newStack();
  const fn = inlineFunction(stack, 'Worker');
  const summary = inlineFunction(stack, 'Summary');
  const units = new sfn.DistributedMap(stack, 'Run units', {
    itemsPath: '$.units',
    toleratedFailurePercentage: 100,
    resultPath: sfn.JsonPath.DISCARD,
  });
  units.itemProcessor(invoke(stack, 'Unit', fn, { payloadResponseOnly: true }));
  const summarize = invoke(stack, 'Summarize', summary, {
    payloadResponseOnly: true,
    resultPath: '$.summary',
  });
  if (options.caught) {
    for (const errors of [['States.DataLimitExceeded'], [sfn.Errors.ALL]])
      units.addCatch(summarize, { errors, resultPath: '$.failure' });
  }
  const parent = stateMachine(stack, 'Fleet', units.next(summarize));
  const filler = 'x'.repeat(itemOutputBytes);
  const executor = new LocalExecutor({
    stateMachines: loadStateMachines(synthesize(stack)),
    lambdaHandlers: {
      [logicalId(fn)]: async () => {
        if (options.failing) throw Object.assign(new Error(filler), { name: 'UpgradeFailed' });
        return { filler };
      },
      [logicalId(summary)]: async () => 'summarized',
    },
  });
  const input = { units: Array.from({ length: 100 }, (_, n) => n) };
  return { run: () => executor.start(logicalId(parent), input) };
}

describe("a Distributed Map's result", () => {
  it('fails the Map with States.DataLimitExceeded past 256 KiB, though ResultPath discards it', async () => {
    const result = await setUp(3_000, { caught: false, failing: false }).run();
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });

  it('counts the errors of tolerated failed children too', async () => {
    const result = await setUp(3_000, { caught: false, failing: true }).run();
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });

  it('reaches the summary when the Map is caught', async () => {
    const result = await setUp(3_000, { caught: true, failing: true }).run();
    expect(result).toMatchObject({ status: 'SUCCEEDED' });
    expect(result.output).toMatchObject({
      summary: 'summarized',
      failure: { Error: 'States.DataLimitExceeded' },
    });
  });

  it('passes when 100 children fail with causes of a unit output’s size', async () => {
    const result = await setUp(1_200, { caught: false, failing: true }).run();
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { summary: 'summarized' } });
  });
});
