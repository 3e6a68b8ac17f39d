import type { SttConnection } from '#adapters/stt/index.js';
import { systemClock } from '#adapters/system-clock.js';
import type { MigrationPlan, MigrationRecord } from '#core/migration/index.js';
import { openSharedStore } from './dynamodb/index.js';
import { runPlannedMigrations } from './local-migration.js';
import { startLocalUpgrader } from './local-upgrader.js';

export interface LocalMigrationOptions {
  readonly 'instance-id': string;
  readonly 'data-dir': string;
  readonly 'corpus-store'?: string | undefined;
  readonly 'test-sets'?: string | undefined;
  readonly 'test-set': Readonly<Record<string, string>>;
  readonly 'default-test-set'?: string | undefined;
  readonly target: Readonly<Record<string, string>>;
  readonly 'training-price'?: number | undefined;
}

/** `migrate run` on this machine: the synthesized migration state machine, history kept under the data dir. */
export async function runMigrationsLocally(
  plan: MigrationPlan,
  options: LocalMigrationOptions,
  connection: SttConnection,
  runName: string,
): Promise<readonly MigrationRecord[]> {
  const store = await openSharedStore(options['data-dir'], 'stt-upgrader migrate run');
  try {
    const instanceId = options['instance-id'];
    const upgrader = await startLocalUpgrader({
      instances: [
        {
          id: instanceId,
          connection,
          settings: {
            testSets: {
              byModel: { ...options['test-set'] },
              byBaseModel: {},
              ...(options['default-test-set'] && { default: options['default-test-set'] }),
            },
          },
        },
      ],
      dynamoEndpoint: store.endpoint,
      closeAbandonedRuns: store.others.length === 0,
      clock: systemClock,
      ...(options['test-sets'] && { testSets: { directory: options['test-sets'] } }),
      migration: {
        ...(options['corpus-store'] && { corpusStore: options['corpus-store'] }),
        settings: {
          targets: { ...options.target },
          ...(options['training-price'] !== undefined && {
            trainingPricePerMinuteUsd: options['training-price'],
          }),
        },
      },
    });
    return (await runPlannedMigrations(upgrader, plan, instanceId, runName)).records;
  } finally {
    await store.stop();
  }
}
