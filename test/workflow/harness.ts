import { parseSttConnection } from '#adapters/stt/index.js';
import type { InstanceSettings } from '#core/settings/instance-settings.js';
import { type DynamoFaultsInput, type LocalDynamo, startLocalDynamo } from '#local/dynamodb/index.js';
import { type LocalUpgrader, startLocalUpgrader } from '#local/local-upgrader.js';
import { ScaledClock } from '#local/scaled-clock.js';
import {
  type FleetSeed,
  type RequestLogEntry,
  type RunningSimulator,
  type SimulatorAuth,
  startSimulator,
} from '#simulator/index.js';

export const instanceId = 'test-instance';

/**
 * DynamoDB as AWS may answer: global secondary indexes a minute behind the table, longer than any
 * unit here takes, so a decision read through an index sees none of the unit's own writes.
 */
export const laggingIndexes: DynamoFaultsInput = { indexLagMs: 60_000 };

/** Simulated seconds per wall-clock second: an hour of audio upgrades in 0.18 s. */
const timeScale = 20_000;

export interface Harness {
  readonly simulator: RunningSimulator;
  readonly upgrader: LocalUpgrader;
  readonly clock: ScaledClock;
  readonly dynamo: LocalDynamo;
  /** Replaces the simulator's models and clears its log and faults. */
  seed(fleet: FleetSeed): void;
  /** IBM calls that touched a model, as `operation?query` strings, in order. */
  callsFor(customizationId: string): string[];
  stop(): Promise<void>;
}

/**
 * The whole upgrader on this machine, as local mode runs it: the synthesized unit definition in
 * the local executor, handlers in-process, dynalite in memory, the simulator behind the real SDK.
 */
export async function startHarness(
  options: {
    auth?: SimulatorAuth;
    connectionAuth?: Record<string, string>;
    alreadyUpToDate?: 'reject' | 'no-op';
    /** Which IBM the simulator plays: IBM Cloud (train has `force`) or Cloud Pak for Data. */
    platform?: 'cloud' | 'cpd';
    /** What the deploy config says of the instance. */
    settings?: Partial<InstanceSettings>;
    /** DynamoDB's faults; by default its indexes lag (`laggingIndexes`). */
    dynamoFaults?: DynamoFaultsInput;
  } = {},
): Promise<Harness> {
  const clock = new ScaledClock(timeScale);
  const simulator = await startSimulator({
    clock: { now: () => clock.nowMs() },
    seed: 7,
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.alreadyUpToDate ? { alreadyUpToDate: options.alreadyUpToDate } : {}),
    ...(options.platform ? { platform: options.platform } : {}),
  });
  const dynamo = await startLocalDynamo({ faults: options.dynamoFaults ?? laggingIndexes });
  const upgrader = await startLocalUpgrader({
    instances: [
      {
        id: instanceId,
        connection: parseSttConnection({
          serviceUrl: simulator.url,
          auth: options.connectionAuth ?? { type: 'none' },
        }),
        ...(options.settings ? { settings: options.settings } : {}),
      },
    ],
    dynamoEndpoint: dynamo.endpoint,
    clock,
  });
  return {
    simulator,
    upgrader,
    clock,
    dynamo,
    seed(fleet) {
      simulator.reset();
      simulator.seedFleet(fleet);
    },
    callsFor(customizationId) {
      return simulator
        .requestLog()
        .filter((entry: RequestLogEntry) => entry.customizationId === customizationId)
        .map((entry: RequestLogEntry) => {
          const query = new URLSearchParams(entry.query).toString();
          return query ? `${entry.operation}?${query}` : entry.operation;
        });
    },
    async stop() {
      await simulator.stop();
      await dynamo.stop();
    },
  };
}
