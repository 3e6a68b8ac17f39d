import type { DynamoFaultsInput } from '#local/dynamodb/index.js';
import type { LocalInstance } from '#local/local-upgrader.js';
import type { LanguageModelSeed, RunningSimulator } from '#simulator/index.js';
import { type LocalFleet, laggingIndexes, startLocalFleet } from '#testkit/local-fleet.js';

export const instanceId = 'fleet-instance';
export const base = 'en-US_BroadbandModel';
export const oldVersion = 'v2020-01-16';
export const release = 'v2026-11-24';
/** The release-notes source the fleet planner reads stored entries of. */
export const releaseNotesUrl = 'https://notes.test/release-notes.md';

export type FleetHarness = LocalFleet;

/** The fleet state machine's tests: the simulator's instance with its pairings, maybe more instances. */
export function startFleetHarness(options: {
  fleetMaxConcurrency: number;
  pairings?: { acousticModelId: string; languageModelId: string }[];
  /** More configured instances, besides the simulator's. */
  otherInstances?: LocalInstance[];
  /** DynamoDB's faults; by default its indexes lag. */
  dynamoFaults?: DynamoFaultsInput;
}): Promise<FleetHarness> {
  return startLocalFleet({
    simulator: { seed: 11 },
    dynamoFaults: options.dynamoFaults ?? laggingIndexes,
    upgrader: {
      instance: { id: instanceId, pairings: options.pairings ?? [] },
      ...(options.otherInstances && { otherInstances: options.otherInstances }),
      fleetMaxConcurrency: options.fleetMaxConcurrency,
      releaseNotesSourceUrls: [releaseNotesUrl],
    },
  });
}

let idCounter = 0;
/** Fresh customization ids: the history table outlives the simulator's reset. */
export const nextId = (prefix: string) =>
  `${prefix}000000-0000-4000-8000-${String(++idCounter).padStart(12, '0')}`;

/** `count` small language models on the old version of the base model (few words: quick upgrades). */
export function smallLanguageModels(count: number, prefix = '0a'): LanguageModelSeed[] {
  return Array.from({ length: count }, (_, n) => ({
    customizationId: nextId(prefix),
    name: `lm-${n}`,
    baseModelName: base,
    version: oldVersion,
    status: 'available' as const,
    words: 20,
  }));
}

/** Resets the simulator to `languageModels` plus one model already on the new release, which a scan sees. */
export function seedBehindRelease(
  h: FleetHarness,
  fleet: {
    languageModels?: LanguageModelSeed[];
    acousticModels?: Parameters<RunningSimulator['seedFleet']>[0]['acousticModels'];
  },
  options: { withUpgradedModel?: boolean } = {},
): string | undefined {
  h.simulator.reset();
  h.simulator.seedFleet({ baseModels: [{ name: base, versions: [oldVersion, release] }] });
  const upgraded = options.withUpgradedModel
    ? { customizationId: nextId('0f'), name: 'already', baseModelName: base, version: release, words: 20 }
    : undefined;
  h.simulator.seedFleet({
    languageModels: [...(fleet.languageModels ?? []), ...(upgraded ? [upgraded] : [])],
    acousticModels: fleet.acousticModels ?? [],
  });
  h.simulator.clearRequestLog();
  return upgraded?.customizationId;
}
