import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, type CfnResource, Stack } from 'aws-cdk-lib';
import type { DeployConfig } from '#lib/config/deploy-config.js';
import type { HandlerName } from '#lib/constructs/handler-function.js';
import { SttModelUpgraderStack } from '#lib/stt-model-upgrader-stack.js';

/** The synthesized stack, with the logical ids local mode needs to run it. */
export interface LocalStack {
  /** The CloudFormation template exactly as `cdk synth` writes it for this configuration. */
  readonly template: Record<string, unknown>;
  readonly unitStateMachineId: string;
  readonly fleetStateMachineId: string;
  readonly migrationStateMachineId: string;
  readonly migrationFleetStateMachineId: string;
  readonly historyTableId: string;
  /** The closer of abandoned runs, which the stack's execution status rules target. */
  readonly closerFunctionId: string;
  /** The accuracy watch's state machine, when the configuration has test sets. */
  readonly watchStateMachineId: string | undefined;
  /** Lambda logical id -> the handler file it runs, for every task of the two state machines. */
  readonly handlerFunctions: ReadonlyMap<string, HandlerName>;
}

/**
 * Synthesizes the real stack in-process. Bundling is skipped (local mode runs the handlers'
 * TypeScript directly), which changes asset hashes but nothing in the state machine definitions.
 */
export function synthesizeLocalStack(config: DeployConfig): LocalStack {
  const outdir = mkdtempSync(path.join(tmpdir(), 'stt-upgrader-synth-'));
  try {
    // The built-in CloudFormation validator keeps 165 MiB of WebAssembly for the life of the process;
    // `cdk synth` and the infra tests validate the same template.
    const app = new App({
      outdir,
      builtinCloudFormationValidation: false,
      context: { 'aws:cdk:bundling-stacks': [] },
    });
    const stack = new SttModelUpgraderStack(app, 'SttModelUpgrader', { config });
    const template = app.synth().getStackByName(stack.stackName).template as Record<string, unknown>;
    const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
      Stack.of(stack).getLogicalId(construct.node.defaultChild as CfnResource);
    const functions = {
      ...stack.unitWorkflow.functions,
      ...stack.fleetWorkflow.functions,
      'migrate-model': stack.migrationWorkflow.function,
      'migrate-fleet': stack.migrationFleet.function,
      ...(stack.accuracyWatch && { 'accuracy-watch': stack.accuracyWatch.function }),
    };
    const handlerFunctions = new Map<string, HandlerName>();
    for (const [name, fn] of Object.entries(functions) as [HandlerName, (typeof functions)[HandlerName]][]) {
      if (fn) handlerFunctions.set(logicalId(fn), name);
    }
    return {
      template,
      unitStateMachineId: logicalId(stack.unitWorkflow.stateMachine),
      fleetStateMachineId: logicalId(stack.fleetWorkflow.stateMachine),
      migrationStateMachineId: logicalId(stack.migrationWorkflow.stateMachine),
      migrationFleetStateMachineId: logicalId(stack.migrationFleet.stateMachine),
      historyTableId: logicalId(stack.history.table),
      closerFunctionId: logicalId(stack.abandonedRuns.functions['close-abandoned-run']),
      watchStateMachineId: stack.accuracyWatch && logicalId(stack.accuracyWatch.stateMachine),
      handlerFunctions,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
