import type { Clock } from '#core/contract/clock.js';
import type { FleetInput } from '#core/fleet/fleet-input.js';
import type { CustomModel } from '#core/model/custom-model.js';
import { settingsDirectoryUnder } from './data-directory.js';
import { openSharedStore } from './dynamodb/index.js';
import type { ExecutionEvent, ExecutionResult } from './executor/index.js';
import { stoppingOnInterrupt } from './interrupt.js';
import { type LocalInstance, type LocalUpgrader, startLocalUpgrader } from './local-upgrader.js';
import { ModelProgressTracker } from './model-progress-tracker.js';

/** The instance a fleet run on this machine works on, and where its history is kept. */
export interface LocalFleetTarget {
  /** The data directory, shared with the other commands using it. */
  readonly dataDirectory: string;
  readonly instance: LocalInstance;
}

/** Where a run's state machine events go: a tracker for the report, and whatever draws progress. */
export interface LocalRunProgress {
  readonly tracker: ModelProgressTracker;
  readonly onEvent: (execution: { name: string }, event: ExecutionEvent) => void;
}

/** The upgrader on this machine, connected to one instance whose models were listed at the start. */
export interface LocalRun {
  readonly upgrader: LocalUpgrader;
  readonly tracker: ModelProgressTracker;
  readonly models: readonly CustomModel[];
  readonly instanceId: string;
}

/**
 * Runs `work` with the upgrader on this machine against one instance: handlers in-process, history
 * in the target's data directory (shared with other commands using it; `command` names this one to
 * them). The caller's clock drives waits (tests compress time).
 * Ctrl+C stops the running executions and rejects with `RunInterruptedError`.
 */
export async function withLocalUpgrader<T>(
  command: string,
  target: LocalFleetTarget,
  clock: Clock,
  work: (run: LocalRun) => Promise<T>,
  progress?: LocalRunProgress,
): Promise<T> {
  const instanceId = target.instance.id;
  const store = await openSharedStore(target.dataDirectory, command);
  try {
    const tracker = progress?.tracker ?? new ModelProgressTracker(() => clock.now().getTime());
    const upgrader = await startLocalUpgrader({
      instances: [target.instance],
      dynamoEndpoint: store.endpoint,
      settingsDirectory: settingsDirectoryUnder(target.dataDirectory),
      clock,
      closeAbandonedRuns: store.others.length === 0,
      onEvent:
        progress?.onEvent ??
        ((execution, event) => {
          tracker.observe(event, execution.name);
        }),
    });
    const stt = await upgrader.stt(instanceId);
    const [languageModels, acousticModels] = await Promise.all([
      stt.listLanguageModels(),
      stt.listAcousticModels(),
    ]);
    const models = [...languageModels, ...acousticModels];
    for (const model of models) tracker.introduce(model);
    // Ctrl+C stops the executions as StopExecution would, and the work rejects with RunInterrupted.
    return await stoppingOnInterrupt(upgrader, () => work({ upgrader, tracker, models, instanceId }));
  } finally {
    await store.stop();
  }
}

/** The fleet execution's result, or an error that says how it ended. */
export function requireSucceeded(result: ExecutionResult): ExecutionResult {
  if (result.status === 'SUCCEEDED') return result;
  throw new Error(
    `the fleet run ${result.name} ended ${result.status}: ${result.error ?? ''} ${result.cause ?? ''}`.trim(),
  );
}

/** Whether the fleet input considers a model, by its base model and customization id filters. */
export function selectedBy(input: FleetInput): (model: CustomModel) => boolean {
  const bases = input.baseModels ? new Set(input.baseModels) : undefined;
  const ids = input.customizationIds ? new Set(input.customizationIds) : undefined;
  return (model) => (!bases || bases.has(model.baseModelName)) && (!ids || ids.has(model.customizationId));
}
