import { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import { SfnExecutions } from '#adapters/executions.js';
import { HistoryStore } from '#adapters/history-store/index.js';
import { PowertoolsMetrics } from '#adapters/metrics.js';
import { ConnectionSecrets } from '#adapters/secrets/connection-secrets.js';
import { SnsNotifier } from '#adapters/sns-notifier.js';
import { createSttService, type SttConnection } from '#adapters/stt/index.js';
import { createRecognizer } from '#adapters/stt/recognizer.js';
import { systemClock } from '#adapters/system-clock.js';
import { parseOrThrow } from '#core/contract/parse.js';
import type { SttService } from '#core/model/custom-model.js';
import { resolvePollPolicy } from '#core/unit/poll-policy.js';
import { metricsService } from '#core/unit/upgrade-metrics.js';
import type { Recognizer } from '#core/verification/recognition-parameters.js';
import { jsonVariable } from './json-variable.js';
import { withInvocationLogging } from './observability.js';
import { awsSettingsReaders } from './settings-readers.js';
import type { UnitDeps, UnitHandler } from './unit-deps.js';

/** The environment the stack gives every unit handler. */
const environmentSchema = z.object({
  HISTORY_TABLE_NAME: z.string().min(1),
  /** The settings store: instances, their secrets, settings and pairings. */
  SETTINGS_BUCKET: z.string().min(3),
  /** The operators' topic; regressions found by verification are published there. */
  NOTIFICATION_TOPIC_ARN: z.string().startsWith('arn:').optional(),
  // Validated field by field by resolvePollPolicy, which names the policy's own fields.
  POLL_POLICY: jsonVariable(z.unknown()).default({}),
});

/** Built once per Lambda container: clients and cached secrets outlive a single invocation. */
function buildAwsDeps(env: NodeJS.ProcessEnv): UnitDeps {
  const config = parseOrThrow(environmentSchema, env, 'Lambda environment');
  const secrets = new ConnectionSecrets();
  const settings = awsSettingsReaders(config.SETTINGS_BUCKET);
  // One client per cached connection: the SDK keeps its IAM token between invocations.
  const services = new WeakMap<SttConnection, SttService>();
  const recognizers = new WeakMap<SttConnection, Recognizer>();
  const connectionOf = async (instanceId: string): Promise<SttConnection> =>
    secrets.get(await settings.secretIdOf(instanceId));
  return {
    knowsInstance: settings.knowsInstance,
    instanceSettings: settings.instanceSettings,
    // A new client follows a re-read secret, so rotated credentials take effect.
    stt: async (instanceId) => {
      const connection = await connectionOf(instanceId);
      const service = services.get(connection) ?? createSttService(connection);
      services.set(connection, service);
      return service;
    },
    recognizer: async (instanceId) => {
      const connection = await connectionOf(instanceId);
      const recognizer = recognizers.get(connection) ?? createRecognizer(connection);
      recognizers.set(connection, recognizer);
      return recognizer;
    },
    history: new HistoryStore({ tableName: config.HISTORY_TABLE_NAME }),
    executions: new SfnExecutions(),
    clock: systemClock,
    pollPolicy: resolvePollPolicy(config.POLL_POLICY),
    metrics: new PowertoolsMetrics(),
    ...(config.NOTIFICATION_TOPIC_ARN && { notifier: new SnsNotifier(config.NOTIFICATION_TOPIC_ARN) }),
  };
}

let awsDeps: UnitDeps | undefined;

/** The Lambda entry point of a unit handler: real AWS clients, wall clock. */
export function awsUnitHandler(make: (deps: UnitDeps) => UnitHandler): (event: unknown) => Promise<unknown> {
  let handle: UnitHandler | undefined;
  return async (event) => {
    awsDeps ??= buildAwsDeps(process.env);
    // JSON lines keyed by execution, instance and model (see observability.ts).
    handle ??= withInvocationLogging(
      new Logger({ serviceName: metricsService }),
      process.env.UPGRADER_HANDLER ?? make.name,
      make(awsDeps),
    );
    return handle(event);
  };
}
