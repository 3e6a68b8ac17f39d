import {
  type AslDefinition,
  type AslState,
  isDistributedMap,
  isLambdaFunctionArn,
  LAMBDA_INVOKE,
  nestedDefinitions,
  START_EXECUTION_SYNC,
} from './asl.js';

// Turns a definition into what aws-local-stepfunctions runs as one execution. Each Distributed Map's
// ItemProcessor becomes a plan of its own (run as a child execution per item); in its place the Map gets an
// INLINE processor with one Task whose local handler starts that child. The library then still applies the
// Map's ItemsPath, ItemSelector, MaxConcurrency(Path), ResultSelector, ResultPath, Retry and Catch.
// Tolerated failures (count or percentage) are applied by the executor as AWS applies them to a Map run.
// Ignored, as in the library: ItemReader, ItemBatcher, ResultWriter. The Map's Label names its items'
// state machine (`<parent>/<Label>`) as AWS labels a Map Run's child executions; without one, the state name.

/** Node timers overflow above 2^31-1 ms; the longest task timeout that can be honoured locally. */
export const LONGEST_TIMEOUT_SECONDS = Math.floor(0x7fffffff / 1000);

/** The Task that stands in for a Distributed Map's processor; the payload carries the item and its index. */
const ITEM_TASK_SUFFIX = ' (distributed item)';

const ITEM_RESOURCE = 'arn:aws:states:::local:distributedMapItem';

const IGNORED_DISTRIBUTED_FIELDS = [
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'ToleratedFailureCount',
  'ToleratedFailureCountPath',
  'ToleratedFailurePercentage',
  'ToleratedFailurePercentagePath',
  'Label',
  'Parameters',
];

export type TaskKind = 'lambdaInvoke' | 'lambdaFunction' | 'startExecution' | 'distributedItem';

export interface PlannedTask {
  kind: TaskKind;
  /** The function ARN for `lambdaFunction` tasks, which call a function directly by Resource. */
  resource: string;
}

export interface ItemPlan {
  mapState: string;
  plan: ExecutionPlan;
  /** Failed items the Map run tolerates; absent fields tolerate none. */
  tolerated: { count?: number; percentage?: number };
}

export interface ExecutionPlan {
  /** Local state machine name: the logical id, or `<parent>/<Label or Map state>` for a Distributed Map's items. */
  stateMachine: string;
  definition: AslDefinition;
  /** Task states (by name, as the library keys overrides) and how each is executed locally. */
  tasks: Map<string, PlannedTask>;
  /** Item-task state name -> the Distributed Map it stands in for and the plan that runs each item. */
  itemPlans: Map<string, ItemPlan>;
  retryStates: string[];
}

export interface PlanOptions {
  /**
   * Simulated seconds per wall-clock second. Given, every retrier's IntervalSeconds and MaxDelaySeconds
   * are divided by it, so the library applies backoff and jitter as AWS does, only compressed.
   */
  readonly retryTimeScale?: number;
}

export function planExecution(
  stateMachine: string,
  definition: AslDefinition,
  options: PlanOptions = {},
): ExecutionPlan {
  const plan: ExecutionPlan = {
    stateMachine,
    definition,
    tasks: new Map(),
    itemPlans: new Map(),
    retryStates: [],
  };
  plan.definition = withTimerSafeTimeout(rewrite(definition, plan, options));
  return plan;
}

/** An execution timeout beyond Node's longest timer would fire at once; such a run cannot last that long here anyway. */
function withTimerSafeTimeout(definition: AslDefinition): AslDefinition {
  const timeout = definition.TimeoutSeconds;
  if (typeof timeout !== 'number' || timeout <= LONGEST_TIMEOUT_SECONDS) return definition;
  return { ...definition, TimeoutSeconds: LONGEST_TIMEOUT_SECONDS };
}

function rewrite(definition: AslDefinition, plan: ExecutionPlan, options: PlanOptions): AslDefinition {
  const states: Record<string, AslState> = {};
  for (const [name, original] of Object.entries(definition.States)) {
    let state: AslState = { ...original };
    if (Array.isArray(state.Retry)) {
      plan.retryStates.push(name);
      if (options.retryTimeScale !== undefined)
        state.Retry = scaleRetriers(state.Retry, options.retryTimeScale);
    }
    if (isDistributedMap(state)) {
      state = replaceProcessor(name, state, plan, options);
    } else if (state.Type === 'Map') {
      const key = state.ItemProcessor ? 'ItemProcessor' : 'Iterator';
      const [processor] = nestedDefinitions(state);
      if (processor) state[key] = rewrite(processor, plan, options);
    } else if (state.Type === 'Parallel') {
      state.Branches = nestedDefinitions(state).map((branch) => rewrite(branch, plan, options));
    } else if (state.Type === 'Task') {
      state = planTask(name, state, plan);
    }
    states[name] = state;
  }
  return { ...definition, States: states };
}

function planTask(name: string, state: AslState, plan: ExecutionPlan): AslState {
  const resource = String(state.Resource);
  if (resource === LAMBDA_INVOKE || isLambdaFunctionArn(resource)) {
    addTask(plan, name, resource === LAMBDA_INVOKE ? 'lambdaInvoke' : 'lambdaFunction', resource);
    return state;
  }
  if (resource === START_EXECUTION_SYNC) {
    addTask(plan, name, 'startExecution', resource);
    // AWS lets a .sync task wait as long as the child runs; the library would stop it after 60 s.
    const hasTimeout = state.TimeoutSeconds !== undefined || state.TimeoutSecondsPath !== undefined;
    return hasTimeout ? state : { ...state, TimeoutSeconds: LONGEST_TIMEOUT_SECONDS };
  }
  throw new Error(
    `${plan.stateMachine}: state ${name} uses ${resource}, which the local executor cannot run ` +
      `(only ${LAMBDA_INVOKE}, Lambda function ARNs and ${START_EXECUTION_SYNC})`,
  );
}

/** Retriers on compressed time: intervals and the cap shrink by the scale; attempts, backoff and jitter stay. */
function scaleRetriers(retriers: unknown[], scale: number): unknown[] {
  return retriers.map((retrier) => {
    const { IntervalSeconds, MaxDelaySeconds, ...rest } = retrier as Record<string, unknown>;
    return {
      ...rest,
      // The States Language's default interval is 1 s; the library would apply it unscaled.
      IntervalSeconds: (typeof IntervalSeconds === 'number' ? IntervalSeconds : 1) / scale,
      ...(typeof MaxDelaySeconds === 'number' ? { MaxDelaySeconds: MaxDelaySeconds / scale } : {}),
    };
  });
}

function replaceProcessor(
  name: string,
  state: AslState,
  plan: ExecutionPlan,
  options: PlanOptions,
): AslState {
  const [processor] = nestedDefinitions(state);
  if (!processor) throw new Error(`${plan.stateMachine}: Distributed Map ${name} has no ItemProcessor`);
  const { ProcessorConfig: _config, ...processorDefinition } = processor;
  const itemTask = `${name}${ITEM_TASK_SUFFIX}`;
  addTask(plan, itemTask, 'distributedItem', ITEM_RESOURCE);
  // The processor is a definition of its own once ProcessorConfig is dropped.
  const label = typeof state.Label === 'string' ? state.Label : name;
  const itemPlan = planExecution(
    `${plan.stateMachine}/${label}`,
    processorDefinition as AslDefinition,
    options,
  );
  const tolerated = {
    ...(typeof state.ToleratedFailureCount === 'number' ? { count: state.ToleratedFailureCount } : {}),
    ...(typeof state.ToleratedFailurePercentage === 'number'
      ? { percentage: state.ToleratedFailurePercentage }
      : {}),
  };
  plan.itemPlans.set(itemTask, { mapState: name, plan: itemPlan, tolerated });

  const selector = state.ItemSelector ?? state.Parameters;
  const rewritten: AslState = {
    ...state,
    ItemSelector: {
      ...(selector === undefined ? { 'value.$': '$$.Map.Item.Value' } : { value: selector }),
      'index.$': '$$.Map.Item.Index',
      // A percentage is of all the Map's items, which an item alone does not know.
      ...(tolerated.percentage !== undefined
        ? { 'total.$': `States.ArrayLength(${String(state.ItemsPath ?? '$')})` }
        : {}),
    },
    ItemProcessor: {
      ProcessorConfig: { Mode: 'INLINE' },
      StartAt: itemTask,
      States: {
        [itemTask]: {
          Type: 'Task',
          Resource: ITEM_RESOURCE,
          TimeoutSeconds: LONGEST_TIMEOUT_SECONDS,
          End: true,
        },
      },
    },
  };
  for (const field of IGNORED_DISTRIBUTED_FIELDS) delete rewritten[field];
  return rewritten;
}

function addTask(plan: ExecutionPlan, name: string, kind: TaskKind, resource: string): void {
  const known = plan.tasks.get(name);
  if (known !== undefined && (known.kind !== kind || known.resource !== resource)) {
    // The library keys local handlers by state name, across nested Maps and Parallels.
    throw new Error(`${plan.stateMachine}: two task states named ${name} need different local handlers`);
  }
  plan.tasks.set(name, { kind, resource });
}
