import { z } from 'zod';
import { SfnExecutions } from '#adapters/executions.js';
import { s3CorpusStore } from '#adapters/migration/s3-corpus-store.js';
import { ConnectionSecrets } from '#adapters/secrets/connection-secrets.js';
import { SnsNotifier } from '#adapters/sns-notifier.js';
import { migrationSettingsSchema } from '#core/migration/index.js';
import { verificationSettingsSchema } from '#core/settings/instance-settings.js';
import { awsRecordsWiring, parseEnvironment, recordsEnvironmentSchema } from './aws-wiring.js';
import { type FleetDeps, fleetDeps } from './fleet-deps.js';
import { jsonVariable } from './json-variable.js';
import type { Powertools } from './lambda-entry.js';
import { type MigrationDeps, migrationDeps } from './migration-deps.js';
import { awsSettingsReaders } from './settings-readers.js';
import { sttClients } from './stt-clients.js';
import { bucketNameSchema } from './test-set-stores.js';
import { type UnitDeps, unitDeps } from './unit-deps.js';
import { type VerifyDeps, verifyDeps } from './verify-deps.js';
import { type WatchDeps, watchDeps } from './watch-deps.js';
import type { Wiring } from './wiring.js';

// Each function's environment, as the stack writes it (lib/constructs), made into the deps of its
// handler by the same builders local mode uses with its own wiring.

/** What the stack gives every function that talks to IBM: the records' and the settings store. */
const wiringEnvironmentSchema = recordsEnvironmentSchema.extend({
  /** The settings store: instances, their secrets, settings and pairings. */
  SETTINGS_BUCKET: z.string().min(3),
  /** The operators' topic, where there is one. */
  NOTIFICATION_TOPIC_ARN: z.string().startsWith('arn:').optional(),
});

/** One Lambda container's wiring: real AWS clients, secrets read (and cached) per instance, the wall clock. */
export function awsWiring(env: z.output<typeof wiringEnvironmentSchema>, powertools: Powertools): Wiring {
  const settings = awsSettingsReaders(env.SETTINGS_BUCKET);
  const secrets = new ConnectionSecrets();
  return {
    ...awsRecordsWiring(env),
    settings,
    clients: sttClients(async (instanceId) => secrets.get(await settings.secretIdOf(instanceId))),
    executions: new SfnExecutions(),
    metrics: powertools.metrics,
    notifier: env.NOTIFICATION_TOPIC_ARN ? new SnsNotifier(env.NOTIFICATION_TOPIC_ARN) : undefined,
  };
}

/** Poll policy overrides, validated field by field by resolvePollPolicy, which names the policy's own fields. */
const pollPolicyVariable = jsonVariable(z.unknown()).default({});
const verificationVariable = jsonVariable(verificationSettingsSchema).default(
  verificationSettingsSchema.parse({}),
);

const unitEnvironmentSchema = wiringEnvironmentSchema.extend({ POLL_POLICY: pollPolicyVariable });

/** Deps of the upgrade-unit handlers. */
export function awsUnitDeps(env: NodeJS.ProcessEnv, powertools: Powertools): UnitDeps {
  const config = parseEnvironment(unitEnvironmentSchema, env);
  return unitDeps(awsWiring(config, powertools), { pollPolicy: config.POLL_POLICY });
}

const fleetEnvironmentSchema = unitEnvironmentSchema.extend({
  RELEASE_NOTES_SOURCE_URLS: jsonVariable(z.array(z.url())).default([]),
  VERIFICATION: verificationVariable,
});

/** Deps of the fleet planner. */
export function awsFleetDeps(env: NodeJS.ProcessEnv, powertools: Powertools): FleetDeps {
  const config = parseEnvironment(fleetEnvironmentSchema, env);
  return fleetDeps(awsWiring(config, powertools), {
    pollPolicy: config.POLL_POLICY,
    releaseNotesSources: config.RELEASE_NOTES_SOURCE_URLS,
    verification: config.VERIFICATION,
  });
}

const verifyEnvironmentSchema = wiringEnvironmentSchema.extend({ VERIFICATION: verificationVariable });

/** Deps of `verify-model`. */
export function awsVerifyDeps(env: NodeJS.ProcessEnv, powertools: Powertools): VerifyDeps {
  const config = parseEnvironment(verifyEnvironmentSchema, env);
  return verifyDeps(awsWiring(config, powertools), { verification: config.VERIFICATION });
}

/** The watch has no use without test sets: the stack deploys it only with the bucket. */
const watchEnvironmentSchema = wiringEnvironmentSchema.extend({ TEST_SET_BUCKET: bucketNameSchema });

/** Deps of `accuracy-watch`. */
export function awsWatchDeps(env: NodeJS.ProcessEnv, powertools: Powertools): WatchDeps {
  return watchDeps(awsWiring(parseEnvironment(watchEnvironmentSchema, env), powertools));
}

const migrationEnvironmentSchema = wiringEnvironmentSchema.extend({
  VERIFICATION: verificationVariable,
  MIGRATION: jsonVariable(migrationSettingsSchema).default(migrationSettingsSchema.parse({})),
  POLL_POLICY: pollPolicyVariable,
  /** The operators' corpus copies, `s3://bucket/prefix`; absent: none. */
  CORPUS_STORE: z.string().startsWith('s3://').optional(),
});

/** Deps of `migrate-model`. */
export function awsMigrationDeps(env: NodeJS.ProcessEnv, powertools: Powertools): MigrationDeps {
  const config = parseEnvironment(migrationEnvironmentSchema, env);
  return migrationDeps(awsWiring(config, powertools), {
    migration: config.MIGRATION,
    verification: config.VERIFICATION,
    pollPolicy: config.POLL_POLICY,
    corpusStore: config.CORPUS_STORE ? s3CorpusStore(config.CORPUS_STORE) : undefined,
  });
}
