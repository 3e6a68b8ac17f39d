import { z } from 'zod';
import {
  type AslDefinition,
  allStates,
  functionNameOf,
  isLambdaFunctionArn,
  LAMBDA_INVOKE,
  START_EXECUTION_SYNC,
  stateMachineNameOf,
} from './asl.js';
import { IntrinsicResolver, type Template, templateSchema } from './intrinsics.js';

export interface LambdaTask {
  /** State names from the top of the definition down to the task (Map and Parallel states included). */
  statePath: string[];
  functionLogicalId: string;
  /** The function's `Timeout` in the template; CloudFormation's default when it has none. */
  timeoutSeconds: number;
}

/** What Lambda allows a function that sets no timeout. */
const DEFAULT_FUNCTION_TIMEOUT_SECONDS = 3;

const functionPropertiesSchema = z.looseObject({ Timeout: z.number().int().positive().optional() });

export interface LocalStateMachine {
  logicalId: string;
  definition: AslDefinition;
  lambdaTasks: LambdaTask[];
  /** Logical ids of the state machines this one starts with `startExecution.sync:2`. */
  childStateMachines: string[];
}

const stateMachinePropertiesSchema = z.object({
  DefinitionString: z.unknown().optional(),
  Definition: z.unknown().optional(),
  DefinitionSubstitutions: z.record(z.string(), z.unknown()).optional(),
});

const stateSchema = z.looseObject({ Type: z.string() });
const definitionSchema = z.looseObject({
  StartAt: z.string(),
  States: z.record(z.string(), stateSchema),
});

const taskParametersSchema = z.looseObject({
  FunctionName: z.string().optional(),
  StateMachineArn: z.string().optional(),
});

/** Every `AWS::StepFunctions::StateMachine` of a synthesized template, with its definition resolved to plain ASL. */
export function loadStateMachines(template: unknown): LocalStateMachine[] {
  const parsed = templateSchema.parse(template);
  const resolver = new IntrinsicResolver(parsed);
  return Object.entries(parsed.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::StepFunctions::StateMachine')
    .map(([logicalId, resource]) => {
      const definition = resolveDefinition(resolver, logicalId, resource.Properties ?? {});
      return {
        logicalId,
        definition,
        lambdaTasks: lambdaTasksOf(definition, parsed, logicalId),
        childStateMachines: childStateMachinesOf(definition, parsed, logicalId),
      };
    });
}

function resolveDefinition(
  resolver: IntrinsicResolver,
  logicalId: string,
  properties: Record<string, unknown>,
): AslDefinition {
  const props = stateMachinePropertiesSchema.parse(properties);
  const path = `Resources.${logicalId}.Properties`;
  let text: string;
  if (props.DefinitionString !== undefined) {
    text = resolver.resolveString(props.DefinitionString, `${path}.DefinitionString`);
  } else if (props.Definition !== undefined) {
    text = JSON.stringify(resolver.resolve(props.Definition, `${path}.Definition`));
  } else {
    throw new Error(`State machine ${logicalId} has neither DefinitionString nor Definition`);
  }
  for (const [key, value] of Object.entries(props.DefinitionSubstitutions ?? {})) {
    const replacement = resolver.resolve(value, `${path}.DefinitionSubstitutions.${key}`);
    text = text.split(`\${${key}}`).join(String(replacement));
  }
  const result = definitionSchema.safeParse(JSON.parse(text));
  if (!result.success)
    throw new Error(`State machine ${logicalId}: not a state machine definition: ${result.error.message}`);
  // The schema checks the fields the executor relies on; the rest of the ASL passes through untouched.
  return result.data as AslDefinition;
}

function lambdaTasksOf(definition: AslDefinition, template: Template, logicalId: string): LambdaTask[] {
  const tasks: LambdaTask[] = [];
  for (const { path, state } of allStates(definition)) {
    if (state.Type !== 'Task' || typeof state.Resource !== 'string') continue;
    let functionName: string | undefined;
    if (state.Resource === LAMBDA_INVOKE) {
      // `FunctionName.$` picks the function at run time; the executor resolves it then.
      functionName = taskParametersSchema.parse(state.Parameters ?? {}).FunctionName;
    } else if (isLambdaFunctionArn(state.Resource)) {
      functionName = state.Resource;
    }
    if (functionName === undefined) continue;
    const functionLogicalId = functionNameOf(functionName);
    const resource = template.Resources[functionLogicalId];
    if (resource?.Type !== 'AWS::Lambda::Function') {
      throw new Error(
        `State machine ${logicalId}, state ${path.join(' > ')}: unknown function ${functionName}`,
      );
    }
    const properties = functionPropertiesSchema.safeParse(resource.Properties ?? {});
    if (!properties.success) {
      throw new Error(`Function ${functionLogicalId}: Timeout must be a whole number of seconds`);
    }
    const timeoutSeconds = properties.data.Timeout ?? DEFAULT_FUNCTION_TIMEOUT_SECONDS;
    tasks.push({ statePath: path, functionLogicalId, timeoutSeconds });
  }
  return tasks;
}

function childStateMachinesOf(definition: AslDefinition, template: Template, logicalId: string): string[] {
  const children = new Set<string>();
  for (const { path, state } of allStates(definition)) {
    if (state.Type !== 'Task' || state.Resource !== START_EXECUTION_SYNC) continue;
    const arn = taskParametersSchema.parse(state.Parameters ?? {}).StateMachineArn;
    if (arn === undefined) continue;
    const child = stateMachineNameOf(arn);
    if (child === undefined || template.Resources[child]?.Type !== 'AWS::StepFunctions::StateMachine') {
      throw new Error(`State machine ${logicalId}, state ${path.join(' > ')}: unknown state machine ${arn}`);
    }
    children.add(child);
  }
  return [...children];
}
