// The slice of the Amazon States Language the executor reads or rewrites. Everything else passes through.

export type AslState = { Type: string } & Record<string, unknown>;

export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  [field: string]: unknown;
}

export const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
export const START_EXECUTION_SYNC = 'arn:aws:states:::states:startExecution.sync:2';

const LAMBDA_FUNCTION_ARN = /^arn:aws:lambda:[^:]*:[^:]*:function:([^:]+)(:[^:]+)?$/;
const STATE_MACHINE_ARN = /^arn:aws:states:[^:]*:[^:]*:stateMachine:([^:]+)$/;

/** The function name in a Lambda function ARN or a bare name, as `FunctionName` accepts both. */
export const functionNameOf = (nameOrArn: string): string =>
  LAMBDA_FUNCTION_ARN.exec(nameOrArn)?.[1] ?? nameOrArn;

export const isLambdaFunctionArn = (value: string): boolean => LAMBDA_FUNCTION_ARN.test(value);

export const stateMachineNameOf = (arn: string): string | undefined => STATE_MACHINE_ARN.exec(arn)?.[1];

export const isDistributedMap = (state: AslState): boolean => {
  const processor = state.ItemProcessor as { ProcessorConfig?: { Mode?: string } } | undefined;
  return state.Type === 'Map' && processor?.ProcessorConfig?.Mode === 'DISTRIBUTED';
};

/** Sub-definitions that run inside the same execution: inline Map processors and Parallel branches. */
export const nestedDefinitions = (state: AslState): AslDefinition[] => {
  if (state.Type === 'Parallel') return (state.Branches as AslDefinition[] | undefined) ?? [];
  if (state.Type === 'Map') {
    const processor = (state.ItemProcessor ?? state.Iterator) as AslDefinition | undefined;
    return processor ? [processor] : [];
  }
  return [];
};

export interface VisitedState {
  path: string[];
  name: string;
  state: AslState;
}

/** Every state of a definition, depth first, including those inside Maps (any mode) and Parallels. */
export function* allStates(definition: AslDefinition, prefix: string[] = []): Generator<VisitedState> {
  for (const [name, state] of Object.entries(definition.States)) {
    const path = [...prefix, name];
    yield { path, name, state };
    for (const nested of nestedDefinitions(state)) yield* allStates(nested, path);
  }
}
