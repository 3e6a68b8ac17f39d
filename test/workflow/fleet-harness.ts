import { parseSttConnection } from '#adapters/stt/index.js';
import { type DynamoFaultsInput, type LocalDynamo, startLocalDynamo } from '#local/dynamodb/index.js';
import { type LocalInstance, type LocalUpgrader, startLocalUpgrader } from '#local/local-upgrader.js';
import { ScaledClock } from '#local/scaled-clock.js';
import {
  type LanguageModelSeed,
  type RequestLogEntry,
  type RunningSimulator,
  startSimulator,
} from '#simulator/index.js';
import { laggingIndexes } from './harness.js';

export const instanceId = 'fleet-instance';
export const base = 'en-US_BroadbandModel';
export const oldVersion = 'v2020-01-16';
export const release = 'v2026-11-24';
/** The release-notes source the fleet planner reads stored entries of. */
export const releaseNotesUrl = 'https://notes.test/release-notes.md';

/** Simulated seconds per wall-clock second: a small language model upgrades in a few milliseconds. */
const timeScale = 20_000;

export interface FleetHarness {
  readonly simulator: RunningSimulator;
  readonly upgrader: LocalUpgrader;
  readonly dynamo: LocalDynamo;
  /** `upgrade_*` calls per customization id, from the simulator's request log. */
  upgradeCalls(): Map<string, string[]>;
  stop(): Promise<void>;
}

/**
 * The upgrader as local mode runs it, with the fleet state machine: the synthesized definitions in
 * the local executor (Distributed Map items as child executions), dynalite, the simulator behind the SDK.
 */
export async function startFleetHarness(options: {
  fleetMaxConcurrency: number;
  pairings?: { acousticModelId: string; languageModelId: string }[];
  /** More configured instances, besides the simulator's. */
  otherInstances?: LocalInstance[];
  /** DynamoDB's faults; by default its indexes lag. */
  dynamoFaults?: DynamoFaultsInput;
}): Promise<FleetHarness> {
  const clock = new ScaledClock(timeScale);
  const simulator = await startSimulator({ clock: { now: () => clock.nowMs() }, seed: 11 });
  const dynamo = await startLocalDynamo({ faults: options.dynamoFaults ?? laggingIndexes });
  const upgrader = await startLocalUpgrader({
    instances: [
      {
        id: instanceId,
        connection: parseSttConnection({ serviceUrl: simulator.url, auth: { type: 'none' } }),
        pairings: options.pairings ?? [],
      },
      ...(options.otherInstances ?? []),
    ],
    dynamoEndpoint: dynamo.endpoint,
    clock,
    fleetMaxConcurrency: options.fleetMaxConcurrency,
    releaseNotesSourceUrls: [releaseNotesUrl],
  });
  return {
    simulator,
    upgrader,
    dynamo,
    upgradeCalls() {
      const calls = new Map<string, string[]>();
      for (const entry of simulator.requestLog() as RequestLogEntry[]) {
        if (!entry.operation.startsWith('upgrade_') || !entry.customizationId) continue;
        const query = new URLSearchParams(entry.query).toString();
        const list = calls.get(entry.customizationId) ?? [];
        list.push(query ? `${entry.operation}?${query}` : entry.operation);
        calls.set(entry.customizationId, list);
      }
      return calls;
    },
    async stop() {
      await simulator.stop();
      await dynamo.stop();
    },
  };
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
