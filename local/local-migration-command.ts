import type { SttConnection } from '#adapters/stt/index.js';
import { systemClock } from '#adapters/system-clock.js';
import type { MigrationFleetRun, MigrationPlan, MigrationRecord } from '#core/migration/index.js';
import { openSharedStore } from './dynamodb/index.js';
import type { ExecutionResult } from './executor/index.js';
import { runPlannedMigrations } from './local-migration.js';
import { type LocalUpgrader, startLocalUpgrader } from './local-upgrader.js';

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

/** The synthesized stack on this machine, with the history under the data dir, for the time of `use`. */
async function withLocalMigrations<T>(
  options: LocalMigrationOptions,
  connection: SttConnection,
  use: (upgrader: LocalUpgrader) => Promise<T>,
): Promise<T> {
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
    return await use(upgrader);
  } finally {
    await store.stop();
  }
}

/** `migrate run` on this machine: the synthesized migration state machine, history kept under the data dir. */
export async function runMigrationsLocally(
  plan: MigrationPlan,
  options: LocalMigrationOptions,
  connection: SttConnection,
  runName: string,
): Promise<readonly MigrationRecord[]> {
  return withLocalMigrations(
    options,
    connection,
    async (upgrader) => (await runPlannedMigrations(upgrader, plan, options['instance-id'], runName)).records,
  );
}

export interface LocalMigrationFleet {
  readonly execution: ExecutionResult;
  /** Absent when the fleet failed before it planned (its input refused). */
  readonly run: MigrationFleetRun | undefined;
  /** The records of the models this fleet run planned. */
  readonly records: readonly MigrationRecord[];
}

/** `migrate run --fleet` on this machine: the migration fleet state machine, one child execution per model. */
export async function runMigrationFleetLocally(
  options: LocalMigrationOptions & { readonly model: readonly string[] },
  connection: SttConnection,
  runName: string,
): Promise<LocalMigrationFleet> {
  return withLocalMigrations(options, connection, async (upgrader) => {
    const instanceId = options['instance-id'];
    const execution = await upgrader.runMigrationFleet(
      { instanceIds: [instanceId], ...(options.model.length > 0 && { sourceIds: [...options.model] }) },
      { name: runName },
    );
    const run = await upgrader.history.migration.fleetRun(runName);
    const records = (await upgrader.history.migration.ofInstance(instanceId)).filter(
      (r) => r.fleetRunId === runName,
    );
    return { execution, run, records };
  });
}
