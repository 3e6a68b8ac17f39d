import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import {
  type ExecutionEvent,
  type ExecutionInfo,
  type LambdaHandler,
  LocalExecutor,
  loadStateMachines,
} from '#local/executor/index.js';
import {
  inlineFunction,
  invoke,
  logicalId,
  newStack,
  sleep,
  stateMachine,
  synthesize,
} from './cdk-fixture.js';

interface Seen {
  execution: ExecutionInfo;
  event: ExecutionEvent;
}

// A fleet-shaped parent: a Distributed Map over units, each item one Lambda task.
function setUp(
  handler: LambdaHandler,
  concurrency: {
    maxConcurrency?: number;
    maxConcurrencyPath?: string;
    toleratedFailureCount?: number;
    toleratedFailurePercentage?: number;
  },
) {
  const stack = newStack();
  const fn = inlineFunction(stack, 'Worker');
  const units = new sfn.DistributedMap(stack, 'Units', {
    itemsPath: '$.units',
    itemSelector: { 'unit.$': '$$.Map.Item.Value', 'batch.$': '$.batch' },
    resultPath: '$.results',
    ...concurrency,
  });
  units.itemProcessor(
    invoke(stack, 'Upgrade', fn, {
      payloadResponseOnly: true,
      payload: sfn.TaskInput.fromObject({
        'unit.$': '$.unit',
        'batch.$': '$.batch',
        'execution.$': '$$.Execution.Name',
      }),
    }),
  );
  const parent = stateMachine(stack, 'Fleet', units);
  const seen: Seen[] = [];
  const executor = new LocalExecutor({
    stateMachines: loadStateMachines(synthesize(stack)),
    lambdaHandlers: { [logicalId(fn)]: handler },
    onEvent: (execution, event) => seen.push({ execution, event }),
  });
  return { executor, id: logicalId(parent), seen };
}

/** A handler that records how many invocations overlap. */
function overlapping(delayMs: number) {
  const stats = { running: 0, max: 0, executionNames: [] as string[] };
  const handler: LambdaHandler = async (event) => {
    const { unit, batch, execution } = event as { unit: string; batch: string; execution: string };
    stats.executionNames.push(execution);
    stats.running++;
    stats.max = Math.max(stats.max, stats.running);
    await sleep(delayMs);
    stats.running--;
    return `${batch}:${unit}`;
  };
  return { stats, handler };
}

const units = ['a', 'b', 'c', 'd', 'e', 'f'];

describe('Distributed Map', () => {
  it('runs each item as its own child execution with its own events', async () => {
    const { stats, handler } = overlapping(5);
    const { executor, id, seen } = setUp(handler, { maxConcurrency: 2 });
    const result = await executor.start(id, { units, batch: 'b1' }, { name: 'page-1' });

    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({ units, batch: 'b1', results: units.map((unit) => `b1:${unit}`) });
    expect(result.childExecutions).toHaveLength(units.length);

    const children = new Map<string, Seen[]>();
    for (const entry of seen) {
      if (entry.execution.executionArn === result.executionArn) continue;
      children.set(entry.execution.executionArn, [
        ...(children.get(entry.execution.executionArn) ?? []),
        entry,
      ]);
    }
    expect([...children.keys()].sort()).toEqual([...result.childExecutions].sort());
    for (const entries of children.values()) {
      expect(entries[0]?.execution).toMatchObject({
        stateMachine: `${id}/Units`,
        parentArn: result.executionArn,
      });
      expect(entries.map(({ event }) => event.type)).toEqual([
        'ExecutionStarted',
        'StateEntered',
        'StateExited',
        'ExecutionSucceeded',
      ]);
    }
    // Each item sees its own execution name, not the parent's.
    expect(new Set(stats.executionNames).size).toBe(units.length);
    expect(stats.executionNames).not.toContain('page-1');
    // The parent's history holds the Map state only, as in AWS.
    expect(result.events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'StateEntered',
      'StateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('keeps to MaxConcurrency', async () => {
    const { stats, handler } = overlapping(20);
    const { executor, id } = setUp(handler, { maxConcurrency: 2 });
    await executor.start(id, { units, batch: 'b' });
    expect(stats.max).toBe(2);
  });

  it('keeps to MaxConcurrencyPath', async () => {
    const { stats, handler } = overlapping(20);
    const { executor, id } = setUp(handler, { maxConcurrencyPath: '$.limit' });
    await executor.start(id, { units, batch: 'b', limit: 3 });
    expect(stats.max).toBe(3);
  });

  it('fails the Map when an item fails and stops the items still running', async () => {
    const { executor, id, seen } = setUp(
      async (event) => {
        const { unit } = event as { unit: string };
        if (unit === 'a') throw Object.assign(new Error('gone'), { name: 'ModelNotFound' });
        await sleep(300);
        return unit;
      },
      { maxConcurrency: 3 },
    );
    const result = await executor.start(id, { units, batch: 'b' });

    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.ExceedToleratedFailureThreshold');
    expect(result.cause).toContain('ModelNotFound: gone');
    const ends = seen
      .filter(({ execution }) => execution.parentArn === result.executionArn)
      .map(({ event }) => event.type)
      .filter((type) => type.startsWith('Execution') && type !== 'ExecutionStarted');
    expect(ends.sort()).toEqual(['ExecutionAborted', 'ExecutionAborted', 'ExecutionFailed']);
  });

  it('goes on past tolerated failures, and fails the Map only past them', async () => {
    const failing = new Set(['a', 'd']);
    const handler: LambdaHandler = async (event) => {
      const { unit } = event as { unit: string };
      if (failing.has(unit)) throw Object.assign(new Error('gone'), { name: 'ModelNotFound' });
      return unit;
    };
    const all = setUp(handler, { maxConcurrency: 2, toleratedFailurePercentage: 100 });
    const tolerated = await all.executor.start(all.id, { units, batch: 'b' });
    expect(tolerated.status).toBe('SUCCEEDED');
    expect(tolerated.childExecutions).toHaveLength(6);
    const results = (tolerated.output as { results: unknown[] }).results;
    expect(results.filter((r) => typeof r === 'string')).toEqual(['b', 'c', 'e', 'f']);
    expect(results[0]).toMatchObject({ Error: 'ModelNotFound' });

    const one = setUp(handler, { maxConcurrency: 1, toleratedFailureCount: 1 });
    const exceeded = await one.executor.start(one.id, { units, batch: 'b' });
    expect(exceeded.status).toBe('FAILED');
    expect(exceeded.error).toBe('States.ExceedToleratedFailureThreshold');
    expect(exceeded.cause).toContain('item 3');
  });
});
