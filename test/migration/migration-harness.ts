import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseSttConnection } from '#adapters/stt/index.js';
import type { Notice } from '#core/contract/notifier.js';
import type { MigrationRecord } from '#core/migration/index.js';
import { type MigrationWorld, seedMigrationWorld } from '#demo/migration-world.js';
import { startLocalDynamo } from '#local/dynamodb/index.js';
import { type LocalUpgrader, startLocalUpgrader } from '#local/local-upgrader.js';
import { ScaledClock } from '#local/scaled-clock.js';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '#simulator/index.js';

export const instanceId = 'migration-instance';

/** Operations that change a custom model at IBM: none may ever name a source model. */
export const CHANGING_OPERATIONS = [
  'create_language_model',
  'delete_language_model',
  'add_words',
  'add_corpus',
  'add_grammar',
  'train_language_model',
  'upgrade_language_model',
];

export interface MigrationHarness {
  readonly simulator: RunningSimulator;
  readonly upgrader: LocalUpgrader;
  readonly world: MigrationWorld;
  readonly dir: string;
  /** What the operators' topic was told, in order. */
  readonly notices: Notice[];
  migrate(sourceId: string, name: string): ReturnType<LocalUpgrader['runMigration']>;
  record(sourceId: string): Promise<MigrationRecord | undefined>;
  /** The changing IBM operations that named this model, in order. */
  changesTo(customizationId: string): string[];
  stop(): Promise<void>;
}

/**
 * The migration state machine as local mode runs it, against the simulator with the demo's two
 * next-generation sources, their corpora in a corpus store and their test sets configured.
 */
export async function startMigrationHarness(
  options: Partial<SimulatorOptions> = {},
): Promise<MigrationHarness> {
  const clock = new ScaledClock(20_000);
  const simulator = await startSimulator({ clock: { now: () => clock.nowMs() }, seed: 11, ...options });
  const dir = mkdtempSync(path.join(tmpdir(), 'migration-'));
  const world = await seedMigrationWorld(
    simulator,
    { corpusStore: path.join(dir, 'corpora'), testSets: path.join(dir, 'test-sets') },
    () => new Promise((resolve) => setTimeout(resolve, 400)),
  );
  // The sources were built through IBM's API: only what the migration asks counts from here.
  simulator.clearRequestLog();
  const dynamo = await startLocalDynamo();
  const notices: Notice[] = [];
  const upgrader = await startLocalUpgrader({
    instances: [
      {
        id: instanceId,
        connection: parseSttConnection({ serviceUrl: simulator.url, auth: { type: 'none' } }),
        // Any en-US_Multimedia source is judged on the support-lines set; other models need their own.
        settings: {
          testSets: {
            byModel: { ...world.testSetByModel },
            byBaseModel: { 'en-US_Multimedia': 'support-lines' },
          },
        },
      },
    ],
    dynamoEndpoint: dynamo.endpoint,
    clock,
    testSets: { directory: world.testSets },
    migration: { corpusStore: world.corpusStore },
    notifier: { notify: async (notice) => void notices.push(notice) },
  });
  return {
    simulator,
    upgrader,
    world,
    dir,
    notices,
    migrate: (sourceId, name) => upgrader.runMigration({ instanceId, sourceId }, { name }),
    record: (sourceId) => upgrader.history.migration.get(instanceId, sourceId),
    changesTo: (id) =>
      simulator
        .requestLog()
        .filter((e) => e.customizationId === id && CHANGING_OPERATIONS.includes(e.operation))
        .map((e) => e.operation),
    async stop() {
      await simulator.stop();
      await dynamo.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
