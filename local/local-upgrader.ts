import { HistoryStore } from '#adapters/history-store/index.js';
import { directoryCorpusStore } from '#adapters/migration/directory-corpus-store.js';
import { createMigrationStt } from '#adapters/migration/migration-stt.js';
import { VerificationTranscripts } from '#adapters/object-store/index.js';
import { DirectorySettingsObjects, SettingsStore } from '#adapters/settings/index.js';
import { createSttService, type SttConnection } from '#adapters/stt/index.js';
import { SdkPinnedRecognizer } from '#adapters/stt/pinned-recognizer.js';
import { createRecognizer } from '#adapters/stt/recognizer.js';
import { transcriptsUnder } from '#adapters/test-sets/transcript-store.js';
import type { Clock } from '#core/contract/clock.js';
import { InvalidInputError } from '#core/contract/errors.js';
import type { Notifier } from '#core/contract/notifier.js';
import { type MigrationSettings, type MigrationStt, migrationSettingsSchema } from '#core/migration/index.js';
import type { SttService } from '#core/model/custom-model.js';
import {
  type InstanceSettings,
  type VerificationSettings,
  verificationSettingsSchema,
} from '#core/settings/instance-settings.js';
import { resolvePollPolicy } from '#core/unit/poll-policy.js';
import type { Recognizer } from '#core/verification/recognition-parameters.js';
import { closeAbandonedRun } from '#handlers/close-abandoned-run.js';
import { settingsReaders } from '#handlers/runtime/settings-readers.js';
import { objectsUnder, testSetsUnder } from '#handlers/runtime/verify-deps.js';
import type { DeployConfig } from '#lib/config/deploy-config.js';
import { deployedSettingsOf } from '#lib/constructs/stt-instance.js';
import { createTablesFromTemplate } from './dynamodb/index.js';
import {
  type ExecutionEvent,
  type ExecutionResult,
  type ExecutionStatusChangeEvent,
  executionStatusChange,
  type LambdaFaultCounts,
  type LambdaFaults,
  LocalExecutor,
  loadStateMachines,
  type StopOptions,
  stateMachineArn,
} from './executor/index.js';
import { type LocalStack, synthesizeLocalStack } from './local-stack.js';
import { ScaledClock } from './scaled-clock.js';
import { MemorySettingsObjects } from './settings/memory-settings-objects.js';
import { matchesEventPattern, rulesTargeting } from './triggers/event-rules.js';
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
  readonly testSets?: {
    readonly directory: string;
    readonly verification?: Partial<VerificationSettings>;
    /**
     * Where the upgrader's own objects go (transcripts, reports), laid out as in the bucket.
     * Default: the test-set directory, as in AWS where they share the bucket.
     */
    readonly objectsDirectory?: string;
  };
  /** Where regression notices go; absent: nobody is told (the run records them all the same). */
  readonly notifier?: Notifier;
  /**
   * Close the runs an earlier process left `running`. Only when no other command uses the store:
   * another's runs may be live. Default true.
   */
  readonly closeAbandonedRuns?: boolean;
  /**
   * Migrations to large speech models: the operator's corpus copies (`<directory>/<model id or name>/`)
   * and the migration settings. Absent: no corpus store, default settings.
   */
  readonly migration?: { readonly corpusStore?: string; readonly settings?: Partial<MigrationSettings> };
  /** Every state machine event of every execution, for progress displays. */
  readonly onEvent?: (execution: { executionArn: string; name: string }, event: ExecutionEvent) => void;
  /** Lambda throttles and service exceptions injected at a seeded rate (see the local executor). */
  readonly lambdaFaults?: LambdaFaults;
  /** Function seconds per wall-clock second for Lambda timeouts; default 1, as in AWS. */
  readonly functionTimeScale?: number;
  /**
   * Told when the closer could not close the runs an execution left open, as a dead-letter queue
   * would keep the event. Absent: the execution's result rejects with the closer's error.
   */
  readonly onCloserError?: (event: ExecutionStatusChangeEvent, error: Error) => void;
}

/** The upgrader running on this machine: the synthesized definitions, the handlers in-process. */
export interface LocalUpgrader {
  runUnit(input: unknown, options?: { name?: string }): Promise<ExecutionResult>;
  /**
   * Runs the fleet state machine (input: the fleet input contract). Name it after its trigger: a
   * second start with the same name joins the running execution, or fails with `ExecutionAlreadyExists`.
   */
  runFleet(input: unknown, options?: { name?: string }): Promise<ExecutionResult>;
  /**
   * Stops a running execution (unit or fleet, by name or ARN) as StopExecution does: it ends
   * ABORTED, a fleet's running units with it, and the status change events reach the closer, which
   * closes the runs they left open and releases their claims before this resolves.
   */
  stopExecution(nameOrArn: string, options?: StopOptions): Promise<ExecutionResult>;
  /**
   * Stops every running execution (fleets with their units, standalone units) and waits for the
   * function calls they had in flight; resolves with how they ended.
   */
  stopAll(options?: StopOptions): Promise<ExecutionResult[]>;
  /** Runs the migration state machine for one source model (`{ instanceId, sourceId }`). */
  runMigration(input: unknown, options?: { name?: string }): Promise<ExecutionResult>;
  /**
   * Runs the migration fleet state machine (`{ instanceIds?, sourceIds? }`): one migration per model
   * not migrated yet, as child executions of its Distributed Map. The name is the fleet run id.
   */
  runMigrationFleet(input: unknown, options?: { name?: string }): Promise<ExecutionResult>;
  /** Runs the accuracy watch of one instance (input: `{ instanceId, trigger? }`); needs test sets. */
  runWatch(input: unknown, options?: { name?: string }): Promise<ExecutionResult>;
  readonly history: HistoryStore;
  /** Instances, settings and pairings, as the handlers read them. */
  readonly settings: SettingsStore;
  stt(instanceId: string): Promise<SttService>;
  readonly template: Record<string, unknown>;
  /** Lambda throttles, service exceptions and function timeouts the executor gave so far. */
  lambdaFaultCounts(): Readonly<LambdaFaultCounts>;
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

  const closer = closeAbandonedRun({
    history,
    clock: options.clock,
    fleetStateMachineArn: stateMachineArn(stack.fleetStateMachineId),
  });
  if (options.closeAbandonedRuns ?? true) await closeRunsOfEarlierProcesses(history, closer, stack);

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
  const migrationClients = new Map<string, MigrationStt>();
  const pinnedRecognizers = new Map<string, SdkPinnedRecognizer>();
  const objectsDirectory = options.testSets?.objectsDirectory ?? options.testSets?.directory;
  const objects = objectsUnder(objectsDirectory);
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
    pinnedRecognizer: async (instanceId) => {
      const connection = connections.get(instanceId);
      if (!connection)
        throw new InvalidInputError('instanceId', [`no STT instance '${instanceId}' is configured`]);
      const recognizer = pinnedRecognizers.get(instanceId) ?? new SdkPinnedRecognizer(connection);
      pinnedRecognizers.set(instanceId, recognizer);
      return recognizer;
    },
    transcripts: transcriptsUnder(objectsDirectory),
    verification: config.verification ?? verificationSettingsSchema.parse({}),
    ...(options.notifier ? { notifier: options.notifier } : {}),
    maxRegressedUnits: config.verification?.maxRegressedUnits,
    testSet: testSetsUnder(options.testSets?.directory),
    verificationTranscripts: new VerificationTranscripts(objects),
    ...(options.testSets && { bucket: objects }),
    knowsInstance: readers.knowsInstance,
    instanceSettings: readers.instanceSettings,
    history,
    // Bound below: the executor that answers needs the handlers first.
    executions: { status: async (executionArn) => executor.status(executionArn) },
    clock: options.clock,
    pollPolicy: resolvePollPolicy(options.pollPolicy ?? {}),
    fleetInstances: readers.fleetInstances,
    releaseNotesSources: options.releaseNotesSourceUrls ?? [],
    migrationStt: async (instanceId) => {
      const connection = connections.get(instanceId);
      if (!connection)
        throw new InvalidInputError('instanceId', [`no STT instance '${instanceId}' is configured`]);
      const client = migrationClients.get(instanceId) ?? createMigrationStt(connection);
      migrationClients.set(instanceId, client);
      return client;
    },
    pairedAcousticModels: readers.pairedAcousticModels,
    corpusStore: directoryCorpusStore(options.migration?.corpusStore ?? '.local-data/no-corpus-store'),
    migration: migrationSettingsSchema.parse(options.migration?.settings ?? {}),
  };

  const lambdaHandlers: Record<string, (event: unknown) => Promise<unknown>> = {};
  for (const [logicalId, name] of stack.handlerFunctions)
    lambdaHandlers[logicalId] = unitHandlerFactories[name](deps);
  // The stack's own rules decide which status changes reach the closer, as EventBridge would.
  const closerRules = rulesTargeting(stack.template, stack.closerFunctionId);
  const executor: LocalExecutor = new LocalExecutor({
    stateMachines: loadStateMachines(stack.template),
    lambdaHandlers,
    // Retry intervals shrink with compressed time as Wait states do, so busy and throttling retries keep their shape.
    timeScale: options.clock instanceof ScaledClock ? options.clock.scale : 1,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.lambdaFaults ? { lambdaFaults: options.lambdaFaults } : {}),
    ...(options.functionTimeScale ? { functionTimeScale: options.functionTimeScale } : {}),
    onStatusChange: async (event) => {
      if (!closerRules.some((rule) => matchesEventPattern(rule.pattern, event))) return;
      try {
        await closer(event);
      } catch (error) {
        if (!options.onCloserError) throw error;
        options.onCloserError(event, error instanceof Error ? error : new Error(String(error)));
      }
    },
  });

  return {
    runUnit: (input, runOptions) => executor.start(stack.unitStateMachineId, input, runOptions),
    runFleet: (input, runOptions) => executor.start(stack.fleetStateMachineId, input, runOptions),
    stopExecution: (nameOrArn, stopOptions) => executor.stop(nameOrArn, stopOptions),
    stopAll: async (stopOptions) => {
      const stopped = await Promise.all(
        executor.runningExecutions().map((arn) => executor.stop(arn, stopOptions)),
      );
      await executor.idle();
      return stopped;
    },
    runMigration: (input, runOptions) => executor.start(stack.migrationStateMachineId, input, runOptions),
    runMigrationFleet: (input, runOptions) =>
      executor.start(stack.migrationFleetStateMachineId, input, runOptions),
    runWatch: (input, runOptions) => {
      if (!stack.watchStateMachineId)
        throw new InvalidInputError('Accuracy watch', [
          'it needs test sets: start local mode with a test-set directory',
        ]);
      return executor.start(stack.watchStateMachineId, input, runOptions);
    },
    history,
    settings,
    stt,
    template: stack.template,
    lambdaFaultCounts: () => executor.lambdaFaultCounts(),
  };
}

/** Cloud Pak for Data clusters authenticate with their own token service; IBM Cloud with IAM. */
function platformOf(connection: SttConnection): InstanceSettings['platform'] {
  return connection.auth.type === 'cp4d' ? 'cloud-pak' : 'cloud';
}

/**
 * Executions live in this process, so a run still `running` in the history was cut short by an
 * earlier process that exited: the closer gets the status change its execution never sent.
 */
async function closeRunsOfEarlierProcesses(
  history: HistoryStore,
  close: (event: unknown) => Promise<unknown>,
  stack: LocalStack,
): Promise<void> {
  const runs = (await history.listRuns()).flatMap((listed) => (listed.kind === 'unit' ? [listed.run] : []));
  for (const run of runs.filter((r) => r.outcome === 'running')) {
    const now = new Date();
    await close(
      executionStatusChange({
        executionArn:
          run.executionArn ??
          `${stateMachineArn(stack.unitStateMachineId).replace(':stateMachine:', ':execution:')}:${run.runId}`,
        name: run.runId,
        stateMachine: stack.unitStateMachineId,
        status: 'ABORTED',
        input: {},
        startDate: now,
        stopDate: now,
      }),
    );
  }
}
