import { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import { HistoryStore } from '#adapters/history-store/index.js';
import { createMigrationStt } from '#adapters/migration/migration-stt.js';
import { s3CorpusStore } from '#adapters/migration/s3-corpus-store.js';
import { ConnectionSecrets } from '#adapters/secrets/connection-secrets.js';
import { SnsNotifier } from '#adapters/sns-notifier.js';
import type { SttConnection } from '#adapters/stt/index.js';
import { createRecognizer } from '#adapters/stt/recognizer.js';
import { systemClock } from '#adapters/system-clock.js';
import type { TestSetSource } from '#adapters/test-sets/index.js';
import type { Clock } from '#core/contract/clock.js';
import { InvalidInputError } from '#core/contract/errors.js';
import type { Notifier } from '#core/contract/notifier.js';
import { parseOrThrow } from '#core/contract/parse.js';
import {
  type CorpusStore,
  type MigrationSettings,
  type MigrationStt,
  migrationSettingsSchema,
} from '#core/migration/index.js';
import {
  type InstanceSettings,
  type VerificationSettings,
  verificationSettingsSchema,
} from '#core/settings/instance-settings.js';
import { type PollPolicy, resolvePollPolicy } from '#core/unit/poll-policy.js';
import { metricsService } from '#core/unit/upgrade-metrics.js';
import type { Recognizer } from '#core/verification/recognition-parameters.js';
import { jsonVariable } from './json-variable.js';
import { withInvocationLogging } from './observability.js';
import { awsSettingsReaders } from './settings-readers.js';
import type { UnitHandler } from './unit-deps.js';
import { testSetsUnder } from './verify-deps.js';

/** What the `migrate-model` phases need from the outside world; AWS and local mode each build one. */
export interface MigrationDeps {
  migrationStt(instanceId: string): Promise<MigrationStt>;
  recognizer(instanceId: string): Promise<Recognizer>;
  /** The settings of a configured instance (its test-set mapping), undefined for an unknown one. */
  instanceSettings(instanceId: string): Promise<InstanceSettings | undefined>;
  /** The configured instances a migration fleet may read. */
  fleetInstances(): Promise<readonly { readonly id: string }[]>;
  /** Acoustic models the settings store pairs with a language model: they cannot move and are named. */
  pairedAcousticModels(instanceId: string, languageModelId: string): Promise<readonly string[]>;
  testSet(name: string): TestSetSource;
  readonly corpusStore: CorpusStore;
  readonly migration: MigrationSettings;
  /** The gate (`maxWerIncrease`) and the weight sent on both recognitions. */
  readonly verification: VerificationSettings;
  readonly pollPolicy: PollPolicy;
  readonly history: HistoryStore;
  readonly notifier?: Notifier;
  readonly clock: Clock;
}

const environmentSchema = z.object({
  HISTORY_TABLE_NAME: z.string().min(1),
  /** The settings store: instances, their secrets, settings and pairings. */
  SETTINGS_BUCKET: z.string().min(3),
  VERIFICATION: jsonVariable(verificationSettingsSchema).default(verificationSettingsSchema.parse({})),
  MIGRATION: jsonVariable(migrationSettingsSchema).default(migrationSettingsSchema.parse({})),
  POLL_POLICY: jsonVariable(z.record(z.string(), z.number())).default({}),
  TEST_SET_BUCKET: z.string().min(1).optional(),
  CORPUS_STORE: z.string().startsWith('s3://').optional(),
  NOTIFICATION_TOPIC_ARN: z.string().min(1).optional(),
});

const noCorpusStore: CorpusStore = {
  list: async () => [],
  read: async (location) => {
    throw new InvalidInputError('Corpus store', [`${location}: no corpus store is configured`]);
  },
};

function buildAwsMigrationDeps(env: NodeJS.ProcessEnv): MigrationDeps {
  const config = parseOrThrow(environmentSchema, env, 'Lambda environment');
  const secrets = new ConnectionSecrets();
  const settings = awsSettingsReaders(config.SETTINGS_BUCKET);
  const clients = new WeakMap<SttConnection, { stt: MigrationStt; recognizer: Recognizer }>();
  const clientsOf = async (instanceId: string) => {
    const connection = await secrets.get(await settings.secretIdOf(instanceId));
    const made = clients.get(connection) ?? {
      stt: createMigrationStt(connection),
      recognizer: createRecognizer(connection),
    };
    clients.set(connection, made);
    return made;
  };
  return {
    migrationStt: async (id) => (await clientsOf(id)).stt,
    recognizer: async (id) => (await clientsOf(id)).recognizer,
    instanceSettings: async (id) =>
      (await settings.knowsInstance(id)) ? settings.instanceSettings(id) : undefined,
    fleetInstances: settings.fleetInstances,
    pairedAcousticModels: settings.pairedAcousticModels,
    testSet: testSetsUnder(config.TEST_SET_BUCKET && `s3://${config.TEST_SET_BUCKET}`),
    corpusStore: config.CORPUS_STORE ? s3CorpusStore(config.CORPUS_STORE) : noCorpusStore,
    migration: config.MIGRATION,
    verification: config.VERIFICATION,
    pollPolicy: resolvePollPolicy(config.POLL_POLICY),
    history: new HistoryStore({ tableName: config.HISTORY_TABLE_NAME }),
    ...(config.NOTIFICATION_TOPIC_ARN && { notifier: new SnsNotifier(config.NOTIFICATION_TOPIC_ARN) }),
    clock: systemClock,
  };
}

let awsDeps: MigrationDeps | undefined;

/** The Lambda entry point of `migrate-model`: real AWS clients, wall clock, one log line per invocation. */
export function awsMigrationHandler(
  make: (deps: MigrationDeps) => UnitHandler,
): (event: unknown) => Promise<unknown> {
  let handle: UnitHandler | undefined;
  return async (event) => {
    awsDeps ??= buildAwsMigrationDeps(process.env);
    handle ??= withInvocationLogging(
      new Logger({ serviceName: metricsService }),
      process.env.UPGRADER_HANDLER ?? make.name,
      make(awsDeps),
    );
    return handle(event);
  };
}
