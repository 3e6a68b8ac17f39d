import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import {
  type ExecutionStatusChangeEvent,
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

const PREFIX = 'arn:aws:states:us-east-1:000000000000';

// A standalone machine that waits an hour, and a fleet-shaped parent whose labelled Distributed Map
// runs one Lambda task per item.
function setUp(worker: LambdaHandler) {
  const stack = newStack();
  const pause = new sfn.Wait(stack, 'Pause', { time: sfn.WaitTime.duration(Duration.hours(1)) });
  const waiting = stateMachine(stack, 'Waiting', pause);
  const fn = inlineFunction(stack, 'Worker');
  const units = new sfn.DistributedMap(stack, 'Units', { itemsPath: '$.units', label: 'RunUnits' });
  units.itemProcessor(invoke(stack, 'Upgrade', fn, { payloadResponseOnly: true }));
  const fleet = stateMachine(stack, 'Fleet', units);
  const events: ExecutionStatusChangeEvent[] = [];
  const executor = new LocalExecutor({
    stateMachines: loadStateMachines(synthesize(stack)),
    lambdaHandlers: { [logicalId(fn)]: worker },
    waitTimeMs: () => 60_000,
    onStatusChange: (event) => {
      events.push(event);
    },
  });
  return { executor, waiting: logicalId(waiting), fleet: logicalId(fleet), events };
}

describe('stopping an execution', () => {
  it('ends it ABORTED with the error and cause given, as StopExecution does, and says so in a status change event', async () => {
    const { executor, waiting, events } = setUp(async () => null);
    const started = executor.start(waiting, { a: 1 }, { name: 'long-wait' });
    await sleep(20);
    const stopped = await executor.stop('long-wait', { error: 'OperatorStop', cause: 'maintenance window' });
    expect(stopped).toMatchObject({ status: 'ABORTED', error: 'OperatorStop', cause: 'maintenance window' });
    expect(await started).toBe(stopped);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: 'aws.states',
      'detail-type': 'Step Functions Execution Status Change',
      resources: [`${PREFIX}:execution:${waiting}:long-wait`],
      detail: {
        executionArn: `${PREFIX}:execution:${waiting}:long-wait`,
        stateMachineArn: `${PREFIX}:stateMachine:${waiting}`,
        name: 'long-wait',
        status: 'ABORTED',
        input: '{"a":1}',
        output: null,
        error: 'OperatorStop',
        cause: 'maintenance window',
      },
    });
  });

  it('stops a Distributed Map’s running items with their parent; their events carry the labelled ARNs AWS gives child executions', async () => {
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { executor, fleet, events } = setUp(async () => {
      await blocked;
      return null;
    });
    const started = executor.start(fleet, { units: [1, 2] }, { name: 'fleet-run' });
    await sleep(50);
    const parent = await executor.stop(`${PREFIX}:execution:${fleet}:fleet-run`);
    release();
    expect(parent.status).toBe('ABORTED');
    expect(await started).toBe(parent);
    const items = events.filter(
      (e) => e.detail.stateMachineArn === `${PREFIX}:stateMachine:${fleet}/RunUnits`,
    );
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(item.detail.status).toBe('ABORTED');
      expect(item.detail.executionArn).toBe(`${PREFIX}:execution:${fleet}/RunUnits:${item.detail.name}`);
    }
    const own = events.filter((e) => e.detail.stateMachineArn === `${PREFIX}:stateMachine:${fleet}`);
    expect(own.map((e) => e.detail)).toMatchObject([{ name: 'fleet-run', status: 'ABORTED' }]);
  });

  it('leaves an ended execution as it ended, and names an unknown one ExecutionDoesNotExist', async () => {
    const { executor, fleet, events } = setUp(async () => null);
    const done = await executor.start(fleet, { units: [1] }, { name: 'quick' });
    expect(done.status).toBe('SUCCEEDED');
    expect(events.map((e) => e.detail.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    await expect(executor.stop('quick')).resolves.toBe(done);
    await expect(executor.stop('nobody')).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
  });
});
