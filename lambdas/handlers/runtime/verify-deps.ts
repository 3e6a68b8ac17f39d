import path from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import { HistoryStore } from '#adapters/history-store/index.js';
import { type ObjectStore, openObjectStore, VerificationTranscripts } from '#adapters/object-store/index.js';
import { ConnectionSecrets } from '#adapters/secrets/connection-secrets.js';
import { createSttService, type SttConnection } from '#adapters/stt/index.js';
import { createRecognizer } from '#adapters/stt/recognizer.js';
import { systemClock } from '#adapters/system-clock.js';
import { openTestSet, type TestSetSource } from '#adapters/test-sets/index.js';
import type { Clock } from '#core/contract/clock.js';
import { InvalidInputError } from '#core/contract/errors.js';
import { parseOrThrow } from '#core/contract/parse.js';
import type { SttService } from '#core/model/custom-model.js';
import {
  type InstanceSettings,
  type VerificationSettings,
  verificationSettingsSchema,
} from '#core/settings/instance-settings.js';
import { metricsService } from '#core/unit/upgrade-metrics.js';
import type { Recognizer } from '#core/verification/recognition-parameters.js';
import { jsonVariable } from './json-variable.js';
import { withInvocationLogging } from './observability.js';
import { awsSettingsReaders } from './settings-readers.js';
import type { UnitHandler } from './unit-deps.js';

/** What the `verify-model` phases need from the outside world; AWS and local mode each build one. */
export interface VerifyDeps {
  /** A customization client for a configured instance; rejects with `InvalidInput` for an unknown one. */
  stt(instanceId: string): Promise<SttService>;
  recognizer(instanceId: string): Promise<Recognizer>;
  /** The settings of a configured instance (its test-set mapping), undefined for an unknown one. */
  instanceSettings(instanceId: string): Promise<InstanceSettings | undefined>;
  readonly verification: VerificationSettings;
  /** A test set by its name: `s3://<bucket>/<name>/` in AWS, `<directory>/<name>` locally. */
  testSet(name: string): TestSetSource;
  /** Per-utterance transcripts, in the test-set bucket (locally, a directory). */
  readonly verificationTranscripts: VerificationTranscripts;
  readonly history: HistoryStore;
  readonly clock: Clock;
}

/**
 * Test sets under one root: an S3 bucket (`s3://bucket`, each set under its own prefix) or a local
 * directory (each set in a directory of its name). Without a root, asking for a set is `InvalidInput`.
 */
export function testSetsUnder(root: string | undefined): (name: string) => TestSetSource {
  return (name) => {
    if (root === undefined) {
      throw new InvalidInputError('Test sets', [
        `test set '${name}' is configured, but no test-set bucket or directory is`,
      ]);
    }
    return openTestSet(
      root.startsWith('s3://') ? `${root.replace(/\/+$/u, '')}/${name}/` : path.join(root, name),
    );
  };
}

/**
 * The upgrader's own objects beside the test sets (the bucket, or the local directory). Without
 * one, writing is `InvalidInput` as asking for a test set is: nothing is verified then anyway.
 */
export function objectsUnder(root: string | undefined, region?: string): ObjectStore {
  if (root === undefined) return missingStore;
  return openObjectStore(root, region ? { region } : {});
}

const missingStore: ObjectStore = {
  location: '',
  put: () => Promise.reject(noBucket()),
  get: () => Promise.reject(noBucket()),
  list: () => Promise.reject(noBucket()),
  where: () => {
    throw noBucket();
  },
};

function noBucket(): InvalidInputError {
  return new InvalidInputError('Transcripts', ['no test-set bucket or directory is configured to keep them']);
}

/** The test-set bucket's name, as the stack passes it to the functions that use the bucket. */
export const bucketNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/u, 'must be an S3 bucket name');

/** The environment the stack gives the `verify-model` function. */
const environmentSchema = z.object({
  HISTORY_TABLE_NAME: z.string().min(1),
  /** The settings store: instances, their secrets, settings and test-set mappings. */
  SETTINGS_BUCKET: z.string().min(3),
  VERIFICATION: jsonVariable(verificationSettingsSchema).default(verificationSettingsSchema.parse({})),
  TEST_SET_BUCKET: bucketNameSchema.optional(),
});

/** Clients per connection: a rotated secret is a new connection, and gets new clients. */
interface Clients {
  readonly stt: SttService;
  readonly recognizer: Recognizer;
}

function buildAwsVerifyDeps(env: NodeJS.ProcessEnv): VerifyDeps {
  const config = parseOrThrow(environmentSchema, env, 'Lambda environment');
  const secrets = new ConnectionSecrets();
  const clients = new WeakMap<SttConnection, Clients>();
  const settings = awsSettingsReaders(config.SETTINGS_BUCKET);
  const clientsOf = async (instanceId: string): Promise<Clients> => {
    const connection = await secrets.get(await settings.secretIdOf(instanceId));
    const made = clients.get(connection) ?? {
      stt: createSttService(connection),
      recognizer: createRecognizer(connection),
    };
    clients.set(connection, made);
    return made;
  };
  return {
    stt: async (instanceId) => (await clientsOf(instanceId)).stt,
    recognizer: async (instanceId) => (await clientsOf(instanceId)).recognizer,
    instanceSettings: async (instanceId) =>
      (await settings.knowsInstance(instanceId)) ? settings.instanceSettings(instanceId) : undefined,
    verification: config.VERIFICATION,
    testSet: testSetsUnder(config.TEST_SET_BUCKET && `s3://${config.TEST_SET_BUCKET}`),
    verificationTranscripts: new VerificationTranscripts(
      objectsUnder(config.TEST_SET_BUCKET && `s3://${config.TEST_SET_BUCKET}`, process.env.AWS_REGION),
    ),
    history: new HistoryStore({ tableName: config.HISTORY_TABLE_NAME }),
    clock: systemClock,
  };
}

let awsDeps: VerifyDeps | undefined;

/** The Lambda entry point of `verify-model`: real AWS clients, wall clock, one log line per invocation. */
export function awsVerifyHandler(
  make: (deps: VerifyDeps) => UnitHandler,
): (event: unknown) => Promise<unknown> {
  let handle: UnitHandler | undefined;
  return async (event) => {
    awsDeps ??= buildAwsVerifyDeps(process.env);
    handle ??= withInvocationLogging(
      new Logger({ serviceName: metricsService }),
      process.env.UPGRADER_HANDLER ?? make.name,
      make(awsDeps),
    );
    return handle(event);
  };
}
