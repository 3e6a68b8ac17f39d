import path from 'node:path';
import type { Notice } from '#core/contract/notifier.js';
import type { MigrationRecord } from '#core/migration/index.js';
import { type MigrationWorld, seedMigrationWorld } from '#demo/migration-world.js';
import type { LocalUpgrader } from '#local/local-upgrader.js';
import type { SimulatorOptions } from '#simulator/index.js';
import { type LocalFleet, startTestBed } from '#testkit/local-fleet.js';

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

export interface MigrationHarness extends LocalFleet {
  readonly world: MigrationWorld;
  /** What the operators' topic was told, in order. */
  readonly notices: Notice[];
  migrate(sourceId: string, name: string): ReturnType<LocalUpgrader['runMigration']>;
  record(sourceId: string): Promise<MigrationRecord | undefined>;
  /** The changing IBM operations that named this model, in order. */
  changesTo(customizationId: string): string[];
}

/**
 * The migration state machine as local mode runs it, against the simulator with the demo's two
 * next-generation sources, their corpora in a corpus store and their test sets configured.
 */
export async function startMigrationHarness(
  options: Omit<SimulatorOptions, 'clock'> = {},
): Promise<MigrationHarness> {
  const bed = await startTestBed({ simulator: { seed: 11, ...options } });
  const world = await seedMigrationWorld(
    bed.simulator,
    { corpusStore: path.join(bed.directory, 'corpora'), testSets: path.join(bed.directory, 'test-sets') },
    () => new Promise((resolve) => setTimeout(resolve, 400)),
  );
  // The sources were built through IBM's API: only what the migration asks counts from here.
  bed.simulator.clearRequestLog();
  const notices: Notice[] = [];
  const upgrader = await bed.startUpgrader({
    instance: {
      id: instanceId,
      // Any en-US_Multimedia source is judged on the support-lines set; other models need their own.
      settings: {
        testSets: {
          byModel: { ...world.testSetByModel },
          byBaseModel: { 'en-US_Multimedia': 'support-lines' },
        },
      },
    },
    testSets: { directory: world.testSets },
    migration: { corpusStore: world.corpusStore },
    notifier: { notify: async (notice) => void notices.push(notice) },
  });
  return {
    ...bed,
    upgrader,
    world,
    notices,
    migrate: (sourceId, name) => upgrader.runMigration({ instanceId, sourceId }, { name }),
    record: (sourceId) => upgrader.history.migration.get(instanceId, sourceId),
    changesTo: (id) =>
      bed.simulator
        .requestLog()
        .filter((e) => e.customizationId === id && CHANGING_OPERATIONS.includes(e.operation))
        .map((e) => e.operation),
  };
}
