import type { Clock } from '#core/contract/clock.js';
import type { FleetInput } from '#core/fleet/fleet-input.js';
import type { CustomModel } from '#core/model/custom-model.js';
import { type ConnectionFlags, connectionFromFlags } from './connection-flags.js';
import { openSharedStore } from './dynamodb/index.js';
import type { ExecutionEvent, ExecutionResult } from './executor/index.js';
import type { FleetSelection } from './fleet-flags.js';
import { stoppingOnInterrupt } from './interrupt.js';
import { type LocalUpgrader, startLocalUpgrader } from './local-upgrader.js';
import { ModelProgressTracker } from './model-progress-tracker.js';
import { fleetUnits } from './run-fleet.js';
import { measured, type RunReport } from './run-report.js';
import { settingsDirectoryUnder } from './settings/settings-directory.js';

/** What a fleet run on this machine needs from its command line. */
export type LocalFleetOptions = ConnectionFlags & FleetSelection & { readonly 'data-dir': string };

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
 * Runs `work` with the upgrader on this machine against the instance the flags name: handlers
 * in-process, history under `--data-dir` (shared with other commands using it; `command` names this
 * one to them). The caller's clock drives waits (tests compress time).
 * Ctrl+C stops the running executions and rejects with `RunInterruptedError`.
 */
export async function withLocalUpgrader<T>(
  command: string,
  options: LocalFleetOptions,
  clock: Clock,
  work: (run: LocalRun) => Promise<T>,
  progress?: LocalRunProgress,
): Promise<T> {
  const connection = connectionFromFlags(options);
  const instanceId = options['instance-id'] ?? 'local';
  const store = await openSharedStore(options['data-dir'], command);
  try {
    const tracker = progress?.tracker ?? new ModelProgressTracker(() => clock.now().getTime());
    const upgrader = await startLocalUpgrader({
      instances: [{ id: instanceId, connection, pairings: options.pairing }],
      dynamoEndpoint: store.endpoint,
      settingsDirectory: settingsDirectoryUnder(options['data-dir']),
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

/**
 * Runs the fleet (a dry run if the input says so) and reports every model's outcome: what
 * `npm start --service-url` and `stt-upgrader upgrade` print.
 */
export async function upgradeLocally(
  run: LocalRun,
  input: FleetInput,
  name: string,
  clock: Clock,
): Promise<RunReport> {
  const { upgrader, tracker, models } = run;
  return measured(
    upgrader.history,
    () => clock.now().getTime(),
    async () => {
      const fleet = requireSucceeded(await upgrader.runFleet(input, { name }));
      return fleetUnits(upgrader, fleet, tracker, models, selectedBy(input));
    },
    tracker,
  );
}

/** Whether the fleet input considers a model, by its base model and customization id filters. */
export function selectedBy(input: FleetInput): (model: CustomModel) => boolean {
  const bases = input.baseModels ? new Set(input.baseModels) : undefined;
  const ids = input.customizationIds ? new Set(input.customizationIds) : undefined;
  return (model) => (!bases || bases.has(model.baseModelName)) && (!ids || ids.has(model.customizationId));
}
