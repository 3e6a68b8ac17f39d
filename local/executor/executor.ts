import '../node20.js';
import { randomUUID } from 'node:crypto';
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import { z } from 'zod';
import { functionNameOf, stateMachineNameOf } from './asl.js';
import { LOCAL_ACCOUNT, LOCAL_REGION, stateMachineArn } from './intrinsics.js';
import {
  type LambdaFaultCounts,
  LambdaFaultInjector,
  type LambdaFaults,
  withinTimeout,
} from './lambda-faults.js';
import { type ExecutionPlan, type ItemPlan, planExecution } from './plan.js';
import {
  describeExecution,
  type ExecutionStatus,
  lambdaError,
  lambdaInvokeResult,
  stateError,
  viaJson,
} from './responses.js';
import { type ExecutionStatusChangeEvent, executionStatusChange } from './status-change.js';
import type { LocalStateMachine } from './template.js';

type RunHandle = ReturnType<StateMachine['run']>;
export type ExecutionEvent = RunHandle['eventLogs'] extends AsyncGenerator<infer E> ? E : never;
type Overrides = NonNullable<RunOptions['overrides']>;

export type LambdaHandler = (event: unknown) => Promise<unknown>;

export interface ExecutionInfo {
  executionArn: string;
  name: string;
  /** Logical id, or `<parent logical id>/<Map label or state>` for the items of a Distributed Map. */
  stateMachine: string;
  parentArn?: string;
}

export interface ExecutionResult extends ExecutionInfo {
  status: ExecutionStatus;
  input: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate: Date;
  /** StateEntered events of this execution (inline Map and Parallel states included). */
  stateTransitions: number;
  events: ExecutionEvent[];
  /** ARNs of executions this one started: `.sync:2` children and Distributed Map items. */
  childExecutions: string[];
}

export interface LocalExecutorOptions {
  stateMachines: LocalStateMachine[];
  /** Keyed by the function's logical id in the template. */
  lambdaHandlers: Record<string, LambdaHandler>;
  /**
   * Simulated seconds per wall-clock second, as the scaled clock that times the Wait states. Given,
   * Retry intervals and MaxDelay shrink by it and backoff and full jitter apply as in AWS.
   */
  timeScale?: number;
  /** Without `timeScale`, every retry waits this long instead of its interval; default 1 ms. */
  retryIntervalMs?: number;
  /** Milliseconds a Wait state pauses, asked each time it runs; undefined keeps the definition's own wait. */
  waitTimeMs?: (stateName: string) => number | undefined;
  onEvent?: (execution: ExecutionInfo, event: ExecutionEvent) => void;
  /** Lambda's own faults (throttles, service exceptions) injected at a seeded rate; none by default. */
  lambdaFaults?: LambdaFaults;
  /**
   * Function seconds per wall-clock second when enforcing each function's template `Timeout`
   * (default 1, as Lambda). Handlers run on real time even where Wait states are compressed.
   */
  functionTimeScale?: number;
  /**
   * Every execution's end, as the `Step Functions Execution Status Change` event EventBridge
   * delivers; the execution's result resolves once the listener has.
   */
  onStatusChange?: (event: ExecutionStatusChangeEvent) => void | Promise<void>;
}

/** What StopExecution takes besides the execution: the error and cause the stopped execution reports. */
export interface StopOptions {
  error?: string;
  cause?: string;
}

interface Running {
  info: ExecutionInfo;
  inputJson: string;
  done: boolean;
  abort: () => void;
  /** Set by `stop`: the execution ends ABORTED with this error and cause. */
  stopped?: StopOptions;
  /** How it ended, once it has. */
  outcome?: ExecutionStatus;
  result: Promise<ExecutionResult>;
}

/** One Distributed Map run: the item executions in flight, its failed items so far, and whether they failed it. */
interface MapRun {
  active: Set<Running>;
  failedItems: number;
  failure?: string;
  /** JSON bytes of the item results gathered so far: the Map's result must fit the payload quota. */
  resultBytes: number;
}

/** Step Functions' quota on any state's input, output or result: 256 KiB of UTF-8 JSON. */
const PAYLOAD_QUOTA_BYTES = 262_144;

const lambdaInvokeInput = z.looseObject({ FunctionName: z.string(), Payload: z.unknown().optional() });
const startExecutionInput = z.looseObject({
  StateMachineArn: z.string(),
  Input: z.unknown().optional(),
  Name: z.string().optional(),
});
const itemInput = z.object({ value: z.unknown(), index: z.number(), total: z.number().optional() });

/** Runs synthesized state machine definitions in-process, each execution with AWS's observable shape. */
export class LocalExecutor {
  private readonly machines = new Map<string, LocalStateMachine>();
  private readonly plans = new Map<string, ExecutionPlan>();
  private readonly executions = new Map<string, Map<string, Running>>();
  private readonly mapRuns = new Map<string, MapRun>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly functionTimeouts = new Map<string, number>();
  private readonly lambdaFaults: LambdaFaultInjector;

  constructor(private readonly options: LocalExecutorOptions) {
    const { timeScale, functionTimeScale } = options;
    if (timeScale !== undefined && !(timeScale > 0))
      throw new RangeError(`timeScale must be positive, got ${timeScale}`);
    if (functionTimeScale !== undefined && !(functionTimeScale > 0))
      throw new RangeError(`functionTimeScale must be positive, got ${functionTimeScale}`);
    this.lambdaFaults = new LambdaFaultInjector(options.lambdaFaults);
    for (const machine of options.stateMachines) {
      validate(machine);
      for (const task of machine.lambdaTasks)
        this.functionTimeouts.set(task.functionLogicalId, task.timeoutSeconds);
      this.machines.set(machine.logicalId, machine);
      this.plans.set(
        machine.logicalId,
        planExecution(machine.logicalId, machine.definition, { retryTimeScale: timeScale }),
      );
    }
  }

  async start(
    stateMachineLogicalId: string,
    input: unknown,
    options?: { name?: string },
  ): Promise<ExecutionResult> {
    const plan = this.plans.get(stateMachineLogicalId);
    if (!plan) throw new Error(`Unknown state machine ${stateMachineLogicalId}`);
    this.checkHandlers(stateMachineLogicalId);
    return this.launch(plan, input, options?.name ?? randomUUID()).result;
  }

  /**
   * Stops a running execution as StopExecution does: it ends ABORTED with the given error and cause,
   * and a Distributed Map's running items are stopped with it. `nameOrArn` is the execution's ARN,
   * or its name where no other execution has that name. An execution that has already ended is left
   * as it ended; an unknown one is `ExecutionDoesNotExist`.
   */
  async stop(nameOrArn: string, options: StopOptions = {}): Promise<ExecutionResult> {
    const running = this.find(nameOrArn);
    if (!running.done) {
      // The parent first, so its Map starts no item in the place of one stopped below.
      running.stopped = options;
      running.abort();
      for (const item of this.runningItemsOf(running.info.executionArn)) {
        item.stopped = {
          error: 'States.Aborted',
          cause: `its parent ${running.info.executionArn} was stopped`,
        };
        item.abort();
      }
    }
    return running.result;
  }

  /**
   * DescribeExecution's status of an execution: `gone` for one this executor never ran or no longer
   * keeps (a Distributed Map's finished items; every execution of an earlier process).
   */
  status(executionArn: string): ExecutionStatus | 'RUNNING' | 'gone' {
    for (const byName of this.executions.values()) {
      for (const running of byName.values()) {
        if (running.info.executionArn !== executionArn) continue;
        return running.done ? (running.outcome ?? 'RUNNING') : 'RUNNING';
      }
    }
    return 'gone';
  }

  /** The ARNs of the running executions nothing else started: stopping them stops the rest. */
  runningExecutions(): string[] {
    return [...this.executions.values()]
      .flatMap((byName) => [...byName.values()])
      .filter((running) => !running.done && running.info.parentArn === undefined)
      .map((running) => running.info.executionArn);
  }

  private isStopped(executionArn: string): boolean {
    for (const byName of this.executions.values()) {
      for (const running of byName.values()) {
        if (running.info.executionArn === executionArn) return running.stopped !== undefined;
      }
    }
    return false;
  }

  private find(nameOrArn: string): Running {
    const matches: Running[] = [];
    for (const byName of this.executions.values()) {
      for (const running of byName.values()) {
        if (running.info.executionArn === nameOrArn || running.info.name === nameOrArn) matches.push(running);
      }
    }
    const [only, ...others] = matches;
    if (!only) throw stateError('ExecutionDoesNotExist', `Execution Does Not Exist: '${nameOrArn}'`);
    if (others.length > 0) {
      const arns = matches.map((m) => m.info.executionArn).join(', ');
      throw stateError(
        'InvalidName',
        `'${nameOrArn}' names ${matches.length} executions; give one ARN: ${arns}`,
      );
    }
    return only;
  }

  private runningItemsOf(executionArn: string): Running[] {
    const prefix = mapRunKey(executionArn, '');
    return [...this.mapRuns.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .flatMap(([, run]) => [...run.active].filter((item) => !item.done));
  }

  /** Fails before running rather than letting a Catch absorb a missing handler mid-execution. */
  private checkHandlers(logicalId: string, seen = new Set<string>()): void {
    const machine = this.machines.get(logicalId);
    if (!machine || seen.has(logicalId)) return;
    seen.add(logicalId);
    const missing = machine.lambdaTasks.filter(
      (task) => !this.options.lambdaHandlers[task.functionLogicalId],
    );
    if (missing.length > 0) {
      const names = [...new Set(missing.map((task) => task.functionLogicalId))].join(', ');
      throw new Error(`State machine ${logicalId} needs local handlers for: ${names}`);
    }
    for (const child of machine.childStateMachines) this.checkHandlers(child, seen);
  }

  private launch(plan: ExecutionPlan, input: unknown, name: string, parentArn?: string): Running {
    const byName = this.executions.get(plan.stateMachine) ?? new Map<string, Running>();
    this.executions.set(plan.stateMachine, byName);
    const inputJson = JSON.stringify(input ?? {});
    const existing = byName.get(name);
    if (existing) {
      // As StartExecution: the same name and input while running returns that execution; otherwise an error.
      if (!existing.done && existing.inputJson === inputJson) return existing;
      throw stateError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.info.executionArn}'`);
    }
    const executionArn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:execution:${plan.stateMachine}:${name}`;
    const info: ExecutionInfo = { executionArn, name, stateMachine: plan.stateMachine, parentArn };
    const startDate = new Date();
    const parsedInput = JSON.parse(inputJson);
    const childExecutions: string[] = [];
    const context = {
      Execution: {
        Id: executionArn,
        Name: name,
        StartTime: startDate.toISOString(),
        Input: parsedInput,
        RoleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/${plan.stateMachine.split('/')[0]}-local`,
      },
      StateMachine: { Id: stateMachineArn(plan.stateMachine), Name: plan.stateMachine },
    };
    // The plan's definition is the ASL from the template, rewritten; the library's own type is narrower.
    const machine = new StateMachine(plan.definition as unknown as StateMachineDefinition, {
      validationOptions: { noValidate: true },
    });
    const handle = machine.run(parsedInput, {
      overrides: this.overrides(plan, info, childExecutions),
      context,
    });
    const state = { info, inputJson, done: false, abort: handle.abort };
    const running: Running = Object.assign(state, {
      result: this.settle(plan, handle, state, parsedInput, startDate, childExecutions),
    });
    byName.set(name, running);
    return running;
  }

  private async settle(
    plan: ExecutionPlan,
    handle: RunHandle,
    running: Omit<Running, 'result'>,
    input: unknown,
    startDate: Date,
    childExecutions: string[],
  ): Promise<ExecutionResult> {
    const { info } = running;
    const events: ExecutionEvent[] = [];
    let stateTransitions = 0;
    const collecting = (async () => {
      for await (const event of handle.eventLogs) {
        if (hidesEvent(plan, event)) continue;
        events.push(event);
        if (event.type === 'StateEntered') stateTransitions++;
        this.options.onEvent?.(info, event);
      }
    })();
    const outcome = await handle.result.then(
      (output) => ({ status: 'SUCCEEDED' as const, output }),
      (error: unknown) => failureOf(error, running.stopped),
    );
    await collecting.finally(() => {
      running.done = true;
      running.outcome = outcome.status;
    });
    for (const itemTask of plan.itemPlans.keys()) this.mapRuns.delete(mapRunKey(info.executionArn, itemTask));
    const result: ExecutionResult = {
      ...info,
      ...outcome,
      input,
      startDate,
      stopDate: new Date(),
      stateTransitions,
      events,
      childExecutions,
    };
    await this.options.onStatusChange?.(executionStatusChange(result));
    return result;
  }

  private overrides(plan: ExecutionPlan, info: ExecutionInfo, childExecutions: string[]): Overrides {
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [stateName, task] of plan.tasks) {
      if (task.kind === 'lambdaInvoke') handlers[stateName] = (input) => this.invokeLambda(input);
      if (task.kind === 'lambdaFunction')
        handlers[stateName] = (input) => this.callFunction(task.resource, input);
      if (task.kind === 'startExecution') {
        handlers[stateName] = (input) => this.startChild(input, info, childExecutions);
      }
      const itemPlan = plan.itemPlans.get(stateName);
      if (task.kind === 'distributedItem' && itemPlan) {
        handlers[stateName] = (input) => this.runItem(itemPlan, stateName, input, info, childExecutions);
      }
    }
    const retryMs = this.options.retryIntervalMs ?? 1;
    const waitTimeMs = this.options.waitTimeMs;
    return {
      // Handlers return JSON (every result goes through a JSON round trip); the library types it as JSONValue.
      taskResourceLocalHandlers: handlers as unknown as Overrides['taskResourceLocalHandlers'],
      // On a time scale the plan's retriers are already scaled; an override would also drop their jitter.
      ...(this.options.timeScale === undefined
        ? { retryIntervalOverrides: Object.fromEntries(plan.retryStates.map((name) => [name, retryMs])) }
        : {}),
      // The library reads this entry when the Wait state runs, so each Wait asks again.
      waitTimeOverrides: new Proxy<Record<string, number>>(
        {},
        { get: (_target, name) => (typeof name === 'string' ? waitTimeMs?.(name) : undefined) },
      ),
    };
  }

  private async invokeLambda(input: unknown): Promise<unknown> {
    const { FunctionName, Payload } = lambdaInvokeInput.parse(input);
    return lambdaInvokeResult(await this.callFunction(FunctionName, Payload));
  }

  /** Throttles, service exceptions and function timeouts so far. */
  lambdaFaultCounts(): Readonly<LambdaFaultCounts> {
    return { ...this.lambdaFaults.counts };
  }

  private async callFunction(functionName: string, payload: unknown): Promise<unknown> {
    const logicalId = functionNameOf(functionName);
    const handler = this.options.lambdaHandlers[logicalId];
    if (!handler) throw stateError('Lambda.ResourceNotFoundException', `Function not found: ${functionName}`);
    const refusal = this.lambdaFaults.refusal(logicalId);
    if (refusal) throw refusal;
    const timeoutSeconds = this.functionTimeouts.get(logicalId);
    const run = async () => {
      // Kept until the handler returns, even past its timeout: `idle` waits for it.
      const call = handler(viaJson(payload));
      this.inFlight.add(call);
      try {
        return viaJson(await call);
      } catch (thrown) {
        throw lambdaError(thrown);
      } finally {
        this.inFlight.delete(call);
      }
    };
    if (timeoutSeconds === undefined) return run();
    const wallMsPerSecond = 1000 / (this.options.functionTimeScale ?? 1);
    return withinTimeout(run, timeoutSeconds, wallMsPerSecond, () => {
      this.lambdaFaults.counts.timedOut++;
    });
  }

  /**
   * Resolves when no function call is in flight. A stopped execution's calls run to their end, as a
   * Lambda invocation goes on after StopExecution; wait for them before closing what they write to.
   */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async startChild(
    input: unknown,
    parent: ExecutionInfo,
    childExecutions: string[],
  ): Promise<unknown> {
    const params = startExecutionInput.parse(input);
    const childId = stateMachineNameOf(params.StateMachineArn) ?? '';
    const plan = this.plans.get(childId);
    if (!plan) {
      throw stateError(
        'StepFunctions.StateMachineDoesNotExistException',
        `No state machine ${params.StateMachineArn}`,
      );
    }
    const childInput = typeof params.Input === 'string' ? JSON.parse(params.Input) : (params.Input ?? {});
    const startedBy = (childInput as { AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID?: unknown })
      ?.AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID;
    let running: Running;
    try {
      running = this.launch(
        plan,
        childInput,
        params.Name ?? randomUUID(),
        String(startedBy ?? parent.executionArn),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') {
        throw stateError('StepFunctions.ExecutionAlreadyExistsException', error.message);
      }
      throw error;
    }
    childExecutions.push(running.info.executionArn);
    const child = await running.result;
    const description = describeExecution({ ...child, stateMachineArn: stateMachineArn(child.stateMachine) });
    if (child.status === 'SUCCEEDED') return description;
    throw stateError('States.TaskFailed', JSON.stringify(description));
  }

  private async runItem(
    item: ItemPlan,
    itemTask: string,
    input: unknown,
    parent: ExecutionInfo,
    childExecutions: string[],
  ): Promise<unknown> {
    const { value, index, total } = itemInput.parse(input);
    const key = mapRunKey(parent.executionArn, itemTask);
    // Items start in index order, so index 0 opens a new run of the Map state.
    if (index === 0 || !this.mapRuns.has(key))
      this.mapRuns.set(key, { active: new Set(), failedItems: 0, resultBytes: 0 });
    const run = this.mapRuns.get(key) as MapRun;
    if (run.failure !== undefined) throw exceededThreshold(run.failure);
    if (this.isStopped(parent.executionArn)) throw stateError('States.Aborted', 'the execution was stopped');
    const running = this.launch(item.plan, value, randomUUID(), parent.executionArn);
    childExecutions.push(running.info.executionArn);
    run.active.add(running);
    const child = await running.result;
    run.active.delete(running);
    // Item names are random, so nothing can start one again by name: keeping every finished item's
    // events would only hold memory (a 10,000-unit fleet would keep hundreds of MiB of them).
    this.executions.get(item.plan.stateMachine)?.delete(running.info.name);
    if (child.status === 'SUCCEEDED') return gatheredResult(run, child.output);
    run.failedItems++;
    const failure = `item ${index} (${child.executionArn}) ended ${child.status}: ${child.error}: ${child.cause}`;
    // A tolerated failure leaves the Map run going; the item's result is its error, as in AWS.
    if (run.failure === undefined && tolerates(item.tolerated, run.failedItems, total)) {
      return gatheredResult(run, {
        Error: child.error ?? 'States.TaskFailed',
        Cause: child.cause ?? failure,
      });
    }
    if (run.failure === undefined) {
      // Past the tolerated failures the Map run fails, and AWS stops the other items.
      run.failure = failure;
      for (const other of run.active) other.abort();
    }
    throw exceededThreshold(run.failure);
  }
}

/**
 * An item's result joins the Map's result, which AWS builds whole (without a ResultWriter) and fails
 * with States.DataLimitExceeded past the payload quota, whatever the ResultPath then keeps.
 */
function gatheredResult(run: MapRun, result: unknown): unknown {
  run.resultBytes += Buffer.byteLength(JSON.stringify(result ?? null)) + 1;
  if (run.resultBytes > PAYLOAD_QUOTA_BYTES) {
    run.failure ??= `the Map state's result passed ${PAYLOAD_QUOTA_BYTES} bytes`;
    for (const other of run.active) other.abort();
    throw stateError(
      'States.DataLimitExceeded',
      `The state/task returned a result with a size exceeding the maximum number of bytes service limit: ${run.failure}`,
    );
  }
  return result;
}

/** The library's validator on the definition as synthesized; the rewritten one then runs unvalidated. */
function validate(machine: LocalStateMachine): void {
  try {
    new StateMachine(machine.definition as unknown as StateMachineDefinition);
  } catch (error) {
    throw new Error(`State machine ${machine.logicalId}: ${error instanceof Error ? error.message : error}`);
  }
}

const mapRunKey = (executionArn: string, itemTask: string): string => `${executionArn}\n${itemTask}`;

/** Whether a Map run with `failed` failed items is still within its ToleratedFailureCount/Percentage. */
function tolerates(tolerated: ItemPlan['tolerated'], failed: number, total: number | undefined): boolean {
  const byCount = tolerated.count !== undefined && failed <= tolerated.count;
  const byPercentage =
    tolerated.percentage !== undefined &&
    total !== undefined &&
    total > 0 &&
    (failed / total) * 100 <= tolerated.percentage;
  return byCount || byPercentage;
}

const exceededThreshold = (failure: string): Error =>
  stateError(
    'States.ExceedToleratedFailureThreshold',
    `The specified tolerated failure threshold was exceeded: ${failure}`,
  );

/** The stand-in item Task and its iterations are plumbing; the items report through their own executions. */
function hidesEvent(plan: ExecutionPlan, event: ExecutionEvent): boolean {
  if ('state' in event && plan.itemPlans.has(event.state.name)) return true;
  if (!('parentState' in event) || event.parentState.type !== 'Map') return false;
  const mapState = event.parentState.name;
  return [...plan.itemPlans.values()].some((item) => item.mapState === mapState);
}

function failureOf(
  error: unknown,
  stopped: StopOptions | undefined,
): { status: ExecutionStatus; error?: string; cause?: string } {
  if (error instanceof ExecutionAbortedError) {
    return {
      status: 'ABORTED',
      ...(stopped?.error !== undefined ? { error: stopped.error } : {}),
      ...(stopped?.cause !== undefined ? { cause: stopped.cause } : {}),
    };
  }
  if (error instanceof ExecutionTimeoutError) {
    return { status: 'TIMED_OUT', error: 'States.Timeout', cause: 'The execution timed out' };
  }
  const reason = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
  if (reason instanceof Error) return { status: 'FAILED', error: reason.name, cause: reason.message };
  return { status: 'FAILED', error: 'Error', cause: String(reason) };
}
