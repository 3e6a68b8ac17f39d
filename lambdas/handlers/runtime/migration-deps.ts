import type { HistoryStore } from '#adapters/history-store/index.js';
import type { TestSetSource } from '#adapters/test-sets/index.js';
import type { Clock } from '#core/contract/clock.js';
import { InvalidInputError } from '#core/contract/errors.js';
import type { Notifier } from '#core/contract/notifier.js';
import type { CorpusStore, MigrationSettings, MigrationStt } from '#core/migration/index.js';
import type { InstanceSettings, VerificationSettings } from '#core/settings/instance-settings.js';
import { type PollPolicy, resolvePollPolicy } from '#core/unit/poll-policy.js';
import type { Recognizer } from '#core/verification/recognition-parameters.js';
import type { TranscriptStore } from '#core/watch/index.js';
import type { Wiring } from './wiring.js';

/** What the `migrate-model` phases need from the outside world; `migrationDeps` builds it, in AWS and locally. */
export interface MigrationDeps {
  migrationStt(instanceId: string): Promise<MigrationStt>;
  recognizer(instanceId: string): Promise<Recognizer>;
  /** The settings of a configured instance (its test-set mapping); rejects with `InvalidInput` for an unknown one. */
  instanceSettings(instanceId: string): Promise<InstanceSettings>;
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
  /** The accuracy watch's transcripts: a migrated model's comparison is its first watch measurement. */
  readonly transcripts?: TranscriptStore;
  readonly notifier?: Notifier | undefined;
  readonly clock: Clock;
}

/** How migrations are configured: the settings, the gate, poll policy overrides and the operator's corpus copies. */
export interface MigrationConfig {
  readonly migration: MigrationSettings;
  readonly verification: VerificationSettings;
  readonly pollPolicy: unknown;
  /** Absent: no corpus store is configured, and a migration carries no corpus. */
  readonly corpusStore?: CorpusStore | undefined;
}

export function migrationDeps(wiring: Wiring, config: MigrationConfig): MigrationDeps {
  return {
    migrationStt: wiring.clients.migrationStt,
    recognizer: wiring.clients.recognizer,
    instanceSettings: wiring.settings.instanceSettings,
    fleetInstances: wiring.settings.fleetInstances,
    pairedAcousticModels: wiring.settings.pairedAcousticModels,
    testSet: wiring.testSets.testSet,
    corpusStore: config.corpusStore ?? noCorpusStore,
    migration: config.migration,
    verification: config.verification,
    pollPolicy: resolvePollPolicy(config.pollPolicy),
    ...(wiring.testSets.objects && { transcripts: wiring.testSets.transcripts }),
    history: wiring.history,
    notifier: wiring.notifier,
    clock: wiring.clock,
  };
}

const noCorpusStore: CorpusStore = {
  list: async () => [],
  read: async (location) => {
    throw new InvalidInputError('Corpus store', [`${location}: no corpus store is configured`]);
  },
};
