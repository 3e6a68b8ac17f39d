import { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import { HistoryStore } from '#adapters/history-store/index.js';
import { PowertoolsMetrics } from '#adapters/metrics.js';
import { ConnectionSecrets } from '#adapters/secrets/connection-secrets.js';
import { SnsNotifier } from '#adapters/sns-notifier.js';
import { createSttService, type SttConnection } from '#adapters/stt/index.js';
import { SdkPinnedRecognizer } from '#adapters/stt/pinned-recognizer.js';
import { systemClock } from '#adapters/system-clock.js';
import { S3TranscriptStore } from '#adapters/test-sets/transcript-store.js';
import { parseOrThrow } from '#core/contract/parse.js';
import type { SttService } from '#core/model/custom-model.js';
import { metricsService } from '#core/unit/upgrade-metrics.js';
import { withInvocationLogging } from './observability.js';
import { awsSettingsReaders } from './settings-readers.js';
import type { UnitHandler } from './unit-deps.js';
import { testSetsUnder } from './verify-deps.js';
import type { WatchDeps } from './watch-deps.js';

/** The environment the stack gives the `accuracy-watch` function. */
const environmentSchema = z.object({
  HISTORY_TABLE_NAME: z.string().min(1),
  /** The settings store: instances, their secrets and settings. */
  SETTINGS_BUCKET: z.string().min(3),
  TEST_SET_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/u, 'must be an S3 bucket name'),
  NOTIFICATION_TOPIC_ARN: z.string().startsWith('arn:').optional(),
});

function buildAwsWatchDeps(env: NodeJS.ProcessEnv): WatchDeps {
  const config = parseOrThrow(environmentSchema, env, 'Lambda environment');
  const secrets = new ConnectionSecrets();
  const services = new WeakMap<SttConnection, SttService>();
  const recognizers = new WeakMap<SttConnection, SdkPinnedRecognizer>();
  const settings = awsSettingsReaders(config.SETTINGS_BUCKET);
  const connectionOf = async (instanceId: string): Promise<SttConnection> =>
    secrets.get(await settings.secretIdOf(instanceId));
  return {
    stt: async (instanceId) => {
      const connection = await connectionOf(instanceId);
      const service = services.get(connection) ?? createSttService(connection);
      services.set(connection, service);
      return service;
    },
    pinnedRecognizer: async (instanceId) => {
      const connection = await connectionOf(instanceId);
      const recognizer = recognizers.get(connection) ?? new SdkPinnedRecognizer(connection);
      recognizers.set(connection, recognizer);
      return recognizer;
    },
    instanceSettings: async (instanceId) =>
      (await settings.knowsInstance(instanceId)) ? settings.instanceSettings(instanceId) : undefined,
    testSet: testSetsUnder(`s3://${config.TEST_SET_BUCKET}`),
    transcripts: new S3TranscriptStore(config.TEST_SET_BUCKET),
    history: new HistoryStore({ tableName: config.HISTORY_TABLE_NAME }),
    clock: systemClock,
    metrics: new PowertoolsMetrics(),
    ...(config.NOTIFICATION_TOPIC_ARN && { notifier: new SnsNotifier(config.NOTIFICATION_TOPIC_ARN) }),
  };
}

let awsDeps: WatchDeps | undefined;

/** The Lambda entry point of `accuracy-watch`: real AWS clients, wall clock, one log line per invocation. */
export function awsWatchHandler(
  make: (deps: WatchDeps) => UnitHandler,
): (event: unknown) => Promise<unknown> {
  let handle: UnitHandler | undefined;
  return async (event) => {
    awsDeps ??= buildAwsWatchDeps(process.env);
    handle ??= withInvocationLogging(
      new Logger({ serviceName: metricsService }),
      process.env.UPGRADER_HANDLER ?? make.name,
      make(awsDeps),
    );
    return handle(event);
  };
}
