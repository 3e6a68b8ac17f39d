import { S3SettingsObjects, SettingsStore } from '#adapters/settings/index.js';
import { unknownInstanceError } from '#core/contract/errors.js';
import type { ModelPairing } from '#core/fleet/unit-grouping.js';
import type { InstanceSettings } from '#core/settings/instance-settings.js';
import type { DeployedInstance } from '#core/settings/settings-documents.js';

/** A configured instance as the fleet planner sees it: its id and its pairings. */
export interface FleetInstanceConfig {
  readonly id: string;
  readonly pairings: readonly ModelPairing[];
}

/** What handlers ask of the settings store; each answer comes from the store's cached snapshot. */
export interface SettingsReaders {
  knowsInstance(instanceId: string): Promise<boolean>;
  /**
   * The instance's settings (platform, retrain opt-in, test sets); rejects with `InvalidInput` for an
   * instance the store does not know, and with `InvalidSettings` when the store cannot be read.
   */
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
    instanceSettings: async (instanceId) => (await configured(store, instanceId)).settings,
    secretIdOf: async (instanceId) => (await configured(store, instanceId)).secretId,
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

/** A configured instance as the deploy wrote it; rejects for one it does not name. */
async function configured(store: SettingsStore, instanceId: string): Promise<DeployedInstance> {
  const instance = (await store.snapshot()).instance(instanceId);
  if (!instance) throw unknownInstanceError(instanceId);
  return instance;
}
