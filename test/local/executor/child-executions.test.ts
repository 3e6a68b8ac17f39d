import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { describe, expect, it } from 'vitest';
import {
  type ExecutionEvent,
  type ExecutionInfo,
  LocalExecutor,
  loadStateMachines,
} from '#local/executor/index.js';
import { inlineFunction, invoke, logicalId, newStack, stateMachine, synthesize } from './cdk-fixture.js';

// A parent that runs a child state machine with startExecution.sync:2, as the fleet runs units.
function setUp() {
  const stack = newStack();
  const fn = inlineFunction(stack, 'Worker');
  const describeRun = new sfn.Pass(stack, 'DescribeRun', {
    parameters: { 'name.$': '$$.Execution.Name', 'id.$': '$$.Execution.Id', 'input.$': '$' },
  });
  const child = stateMachine(
    stack,
    'Child',
    describeRun.next(invoke(stack, 'Work', fn, { payloadResponseOnly: true, resultPath: '$.work' })),
  );
  const runChild = new tasks.StepFunctionsStartExecution(stack, 'RunChild', {
    stateMachine: child,
    integrationPattern: sfn.IntegrationPattern.RUN_JOB,
    associateWithParent: true,
    name: sfn.JsonPath.stringAt('$.childName'),
    input: sfn.TaskInput.fromObject({ 'fail.$': '$.fail' }),
  });
  const parent = stateMachine(stack, 'Parent', runChild);
  const seen: { execution: ExecutionInfo; event: ExecutionEvent }[] = [];
  const executor = new LocalExecutor({
    stateMachines: loadStateMachines(synthesize(stack)),
    lambdaHandlers: {
      [logicalId(fn)]: async (event) => {
        if ((event as { input: { fail: boolean } }).input.fail) {
          throw Object.assign(new Error('too old to upgrade'), { name: 'ModelNotUpgradable' });
        }
        return 'upgraded';
      },
    },
    onEvent: (execution, event) => seen.push({ execution, event }),
  });
  return { executor, parentId: logicalId(parent), childId: logicalId(child), seen };
}

describe('startExecution.sync:2', () => {
  it('runs the child as its own execution and returns its description with parsed output', async () => {
    const { executor, parentId, childId, seen } = setUp();
    const result = await executor.start(parentId, { childName: 'unit-1', fail: false }, { name: 'fleet-1' });
    const childArn = `arn:aws:states:us-east-1:000000000000:execution:${childId}:unit-1`;

    expect(result.status).toBe('SUCCEEDED');
    expect(result.childExecutions).toEqual([childArn]);
    expect(result.output).toMatchObject({
      ExecutionArn: childArn,
      Name: 'unit-1',
      StateMachineArn: `arn:aws:states:us-east-1:000000000000:stateMachine:${childId}`,
      Status: 'SUCCEEDED',
      OutputDetails: { Included: true },
      Output: {
        name: 'unit-1',
        id: childArn,
        input: { fail: false, AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: result.executionArn },
        work: 'upgraded',
      },
    });
    const output = result.output as { StartDate: unknown; StopDate: unknown };
    expect(typeof output.StartDate).toBe('number');
    expect(typeof output.StopDate).toBe('number');

    const childEvents = seen.filter(({ execution }) => execution.executionArn === childArn);
    expect(childEvents[0]?.execution).toMatchObject({
      stateMachine: childId,
      parentArn: result.executionArn,
    });
    expect(childEvents.map(({ event }) => event.type)).toEqual([
      'ExecutionStarted',
      'StateEntered',
      'StateExited',
      'StateEntered',
      'StateExited',
      'ExecutionSucceeded',
    ]);
    // The child's states stay out of the parent's history.
    expect(result.events.filter((event) => event.type === 'StateEntered')).toHaveLength(1);
  });

  it('fails the task with States.TaskFailed and the child described in the cause', async () => {
    const { executor, parentId, childId } = setUp();
    const result = await executor.start(parentId, { childName: 'unit-2', fail: true });
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
    expect(JSON.parse(result.cause ?? '')).toMatchObject({
      ExecutionArn: `arn:aws:states:us-east-1:000000000000:execution:${childId}:unit-2`,
      Status: 'FAILED',
      Error: 'ModelNotUpgradable',
      Cause: 'too old to upgrade',
    });
  });

  it('refuses a child name already used on that state machine', async () => {
    const { executor, parentId } = setUp();
    await executor.start(parentId, { childName: 'unit-3', fail: false });
    const again = await executor.start(parentId, { childName: 'unit-3', fail: false });
    expect(again).toMatchObject({ status: 'FAILED', error: 'StepFunctions.ExecutionAlreadyExistsException' });
  });
});
