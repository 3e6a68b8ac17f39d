import { S3SettingsObjects, SettingsStore } from '#adapters/settings/index.js';
import { InvalidInputError } from '#core/contract/errors.js';
import type { ModelPairing } from '#core/fleet/unit-grouping.js';
import { type InstanceSettings, instanceSettingsSchema } from '#core/settings/instance-settings.js';

/** A configured instance as the fleet planner sees it: its id and its pairings. */
export interface FleetInstanceConfig {
  readonly id: string;
  readonly pairings: readonly ModelPairing[];
}

/** What handlers ask of the settings store; each answer comes from the store's cached snapshot. */
export interface SettingsReaders {
  knowsInstance(instanceId: string): Promise<boolean>;
  /** The instance's settings; the defaults for an instance the store does not know. */
  instanceSettings(instanceId: string): Promise<InstanceSettings>;
  /** What GetSecretValue takes for the instance; rejects with `InvalidInput` for an unknown instance. */
  secretIdOf(instanceId: string): Promise<string>;
  /** Every configured instance with its pairings, declared and imported. */
  fleetInstances(): Promise<readonly FleetInstanceConfig[]>;
  /** The acoustic models paired with a language model of an instance. */
  pairedAcousticModels(instanceId: string, languageModelId: string): Promise<readonly string[]>;
}

export function settingsReaders(store: SettingsStore): SettingsReaders {
  return {
    knowsInstance: async (instanceId) => (await store.snapshot()).instance(instanceId) !== undefined,
    instanceSettings: async (instanceId) =>
      (await store.snapshot()).settings(instanceId) ?? instanceSettingsSchema.parse({}),
    secretIdOf: async (instanceId) => {
      const instance = (await store.snapshot()).instance(instanceId);
      if (!instance) {
        throw new InvalidInputError('instanceId', [`no STT instance '${instanceId}' is configured`]);
      }
      return instance.secretId;
    },
    pairedAcousticModels: async (instanceId, languageModelId) =>
      (await store.snapshot())
        .pairings(instanceId)
        .filter((pairing) => pairing.languageModelId === languageModelId)
        .map((pairing) => pairing.acousticModelId),
    fleetInstances: async () => {
      const snapshot = await store.snapshot();
      return snapshot.instanceIds.map((id) => ({ id, pairings: snapshot.pairings(id) }));
    },
  };
}

let awsStore: SettingsStore | undefined;

/** The settings store of this Lambda container: one cache for every handler in it. */
export function awsSettingsReaders(bucket: string): SettingsReaders {
  awsStore ??= new SettingsStore(new S3SettingsObjects(bucket));
  return settingsReaders(awsStore);
}
