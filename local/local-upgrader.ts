import { HistoryStore } from '#adapters/history-store/index.js';
import { DirectorySettingsObjects, SettingsStore } from '#adapters/settings/index.js';
import { createSttService, type SttConnection } from '#adapters/stt/index.js';
import { createRecognizer } from '#adapters/stt/recognizer.js';
import type { Clock } from '#core/clock.js';
import type { SttService } from '#core/custom-model.js';
import { InvalidInputError } from '#core/errors.js';
import {
  type InstanceSettings,
  type VerificationSettings,
  verificationSettingsSchema,
} from '#core/instance-settings.js';
import type { Notifier } from '#core/notifier.js';
import { resolvePollPolicy } from '#core/poll-policy.js';
import type { Recognizer } from '#core/verification/recognition-parameters.js';
import { closeAbandonedRun } from '#handlers/close-abandoned-run.js';
import { settingsReaders } from '#handlers/runtime/settings-readers.js';
import { testSetsUnder } from '#handlers/runtime/verify-deps.js';
import type { DeployConfig } from '#lib/config/deploy-config.js';
import { deployedSettingsOf } from '#lib/constructs/stt-instance.js';
import { createTablesFromTemplate } from './dynamodb/index.js';
import {
  type ExecutionEvent,
  type ExecutionResult,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  LocalExecutor,
  loadStateMachines,
} from './executor/index.js';
import { synthesizeLocalStack } from './local-stack.js';
import { ScaledClock } from './scaled-clock.js';
import { MemorySettingsObjects } from './settings/memory-settings-objects.js';
import { type LocalHandlerDeps, unitHandlerFactories } from './unit-handlers.js';

/** An STT instance local mode talks to: the simulator or a real IBM instance. */
export interface LocalInstance {
  readonly id: string;
  readonly connection: SttConnection;
  readonly pairings?: DeployConfig['instances'][number]['pairings'];
  /** What the deploy config would say of it; the platform defaults to the one its auth type implies. */
  readonly settings?: Partial<InstanceSettings>;
}

export interface LocalUpgraderOptions {
  readonly instances: readonly LocalInstance[];
  /** DynamoDB endpoint: dynalite, DynamoDB Local, or any compatible server. */
  readonly dynamoEndpoint: string;
  /**
   * The settings store, standing in for the settings bucket: `deployed/settings.json` is written
   * from `instances` at start, as a deploy does, and `operator/pairings.json` holds what
   * `stt-upgrader pairings import` wrote. Absent: kept in memory.
   */
  readonly settingsDirectory?: string;
  readonly clock: Clock;
  readonly acousticConcurrency?: number;
  /** Units of a fleet run upgrading at the same time. Default 10. */
  readonly fleetMaxConcurrency?: number;
  readonly pollPolicy?: Record<string, number>;
  /** Release-notes source URLs whose stored entries the fleet planner reads. Default none. */
  readonly releaseNotesSourceUrls?: readonly string[];
  /**
   * Verify upgrades against test sets: each instance's `settings.testSets` names them, and a set
   * named N is the directory `<directory>/N`. Absent: no upgrade is verified.
   */
  readonly testSets?: { readonly directory: string; readonly verification?: Partial<VerificationSettings> };
  /** Where regression notices go; absent: nobody is told (the run records them all the same). */
  readonly notifier?: Notifier;
  /** Every state machine event of every execution, for progress displays. */
  readonly onEvent?: (execution: { executionArn: string; name: string }, event: ExecutionEvent) => void;
}

/** The upgrader running on this machine: the synthesized definitions, the handlers in-process. */
export interface LocalUpgrader {
  runUnit(input: unknown, options?: { name?: string }): Promise<ExecutionResult>;
  /**
   * Runs the fleet state machine (input: the fleet input contract). Name it after its trigger: a
   * second start with the same name joins the running execution, or fails with `ExecutionAlreadyExists`.
   */
  runFleet(input: unknown, options?: { name?: string }): Promise<ExecutionResult>;
  readonly history: HistoryStore;
  /** Instances, settings and pairings, as the handlers read them. */
  readonly settings: SettingsStore;
  stt(instanceId: string): Promise<SttService>;
  readonly template: Record<string, unknown>;
}

/** Credentials for the local DynamoDB emulator, which accepts any. */
const localDynamoCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function startLocalUpgrader(options: LocalUpgraderOptions): Promise<LocalUpgrader> {
  const config: DeployConfig = {
    instances: options.instances.map((instance) => ({
      id: instance.id,
      secret: { name: `local/${instance.id}` },
      pairings: [...(instance.pairings ?? [])],
    })),
    acousticConcurrency: options.acousticConcurrency ?? 4,
    fleetMaxConcurrency: options.fleetMaxConcurrency ?? 10,
    pollPolicy: options.pollPolicy ?? {},
    logRetentionDays: 7,
    historyTableRemoval: 'destroy',
    // Local test sets are a directory; a bucket name only makes the stack synthesize its verifying function.
    ...(options.testSets && {
      testSetBucket: { name: 'local-test-sets' },
      verification: verificationSettingsSchema.parse(options.testSets.verification ?? {}),
    }),
  };
  const stack = synthesizeLocalStack(config);
  const tables = await createTablesFromTemplate(stack.template, options.dynamoEndpoint);
  const tableName = tables[stack.historyTableId];
  if (!tableName) throw new Error(`the template has no history table ${stack.historyTableId}`);
  const history = new HistoryStore({
    tableName,
    endpoint: options.dynamoEndpoint,
    region: 'us-east-1',
    credentials: localDynamoCredentials,
  });

  await closeAbandonedRuns(history, options.clock, stack.unitStateMachineId);

  const connections = new Map(options.instances.map((instance) => [instance.id, instance.connection]));
  const services = new Map<string, SttService>();
  const stt = async (instanceId: string): Promise<SttService> => {
    const connection = connections.get(instanceId);
    if (!connection)
      throw new InvalidInputError('instanceId', [`no STT instance '${instanceId}' is configured`]);
    const service = services.get(instanceId) ?? createSttService(connection);
    services.set(instanceId, service);
    return service;
  };
  const settings = new SettingsStore(
    options.settingsDirectory
      ? new DirectorySettingsObjects(options.settingsDirectory)
      : new MemorySettingsObjects(),
  );
  await settings.publishDeployed(
    deployedSettingsOf(
      options.instances.map((instance) => ({
        id: instance.id,
        secretId: `local/${instance.id}`,
        pairings: instance.pairings ?? [],
        settings: { platform: platformOf(instance.connection), ...instance.settings },
      })),
    ),
  );
  const readers = settingsReaders(settings);
  const recognizers = new Map<string, Recognizer>();
  const deps: LocalHandlerDeps = {
    stt,
    recognizer: async (instanceId) => {
      const connection = connections.get(instanceId);
      if (!connection)
        throw new InvalidInputError('instanceId', [`no STT instance '${instanceId}' is configured`]);
      const recognizer = recognizers.get(instanceId) ?? createRecognizer(connection);
      recognizers.set(instanceId, recognizer);
      return recognizer;
    },
    verification: config.verification ?? verificationSettingsSchema.parse({}),
    ...(options.notifier ? { notifier: options.notifier } : {}),
    maxRegressedUnits: config.verification?.maxRegressedUnits,
    testSet: testSetsUnder(options.testSets?.directory),
    knowsInstance: readers.knowsInstance,
    instanceSettings: readers.instanceSettings,
    history,
    clock: options.clock,
    pollPolicy: resolvePollPolicy(options.pollPolicy ?? {}),
    fleetInstances: readers.fleetInstances,
    releaseNotesSources: options.releaseNotesSourceUrls ?? [],
  };

  const lambdaHandlers: Record<string, (event: unknown) => Promise<unknown>> = {};
  for (const [logicalId, name] of stack.handlerFunctions)
    lambdaHandlers[logicalId] = unitHandlerFactories[name](deps);
  const executor = new LocalExecutor({
    stateMachines: loadStateMachines(stack.template),
    lambdaHandlers,
    // Retry intervals shrink with compressed time as Wait states do, so busy and throttling retries keep their shape.
    timeScale: options.clock instanceof ScaledClock ? options.clock.scale : 1,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });

  return {
    runUnit: (input, runOptions) => executor.start(stack.unitStateMachineId, input, runOptions),
    runFleet: (input, runOptions) => executor.start(stack.fleetStateMachineId, input, runOptions),
    history,
    settings,
    stt,
    template: stack.template,
  };
}

/** Cloud Pak for Data clusters authenticate with their own token service; IBM Cloud with IAM. */
function platformOf(connection: SttConnection): InstanceSettings['platform'] {
  return connection.auth.type === 'cp4d' ? 'cloud-pak' : 'cloud';
}

/**
 * Executions live in this process, so a run still `running` in the history was cut short by an
 * earlier process that exited. The deployed closer handles the same case from Step Functions'
 * status events: it closes the run and releases its claims, so its models are free at once.
 */
async function closeAbandonedRuns(
  history: HistoryStore,
  clock: Clock,
  unitStateMachineId: string,
): Promise<void> {
  const close = closeAbandonedRun({ history, clock });
  const runs = await history.recentRuns(10_000);
  for (const run of runs.filter((r) => r.outcome === 'running')) {
    await close({
      source: 'aws.states',
      detail: {
        executionArn: `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:execution:${unitStateMachineId}:${run.runId}`,
        name: run.runId,
        status: 'ABORTED',
      },
    });
  }
}
