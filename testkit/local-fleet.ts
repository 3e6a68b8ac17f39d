import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseSttConnection, type SttConnection } from '#adapters/stt/index.js';
import { type DynamoFaultsInput, type LocalDynamo, startLocalDynamo } from '#local/dynamodb/index.js';
import {
  type LocalInstance,
  type LocalUpgrader,
  type LocalUpgraderOptions,
  startLocalUpgrader,
} from '#local/local-upgrader.js';
import { ScaledClock } from '#local/scaled-clock.js';
import {
  type RequestLogEntry,
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from '#simulator/index.js';

/** Simulated seconds per wall-clock second: an hour of audio upgrades in 0.18 s. */
export const TIME_SCALE = 20_000;

/** The id of the instance an upgrader of the test bed knows the simulator by, unless told otherwise. */
export const SIMULATED_INSTANCE = 'test-instance';

/**
 * DynamoDB as AWS may answer: global secondary indexes a minute behind the table, longer than any
 * unit here takes, so a decision read through an index sees none of the unit's own writes.
 */
export const laggingIndexes: DynamoFaultsInput = { indexLagMs: 60_000 };

export interface TestBedOptions {
  /** The simulator's options besides its clock (seed, auth, platform, models…). Seed default 7. */
  readonly simulator?: Omit<SimulatorOptions, 'clock'>;
  /** DynamoDB's faults. @default none */
  readonly dynamoFaults?: DynamoFaultsInput;
  /** Simulated seconds per wall-clock second. @default TIME_SCALE */
  readonly timeScale?: number;
}

type TestSetOptions = NonNullable<LocalUpgraderOptions['testSets']>;

/** What an upgrader of the test bed is told; the table, the clock and the instances have defaults. */
export type UpgraderOptions = Omit<
  LocalUpgraderOptions,
  'dynamoEndpoint' | 'clock' | 'instances' | 'testSets'
> & {
  /** Verify upgrades against test sets. @default none; their directory defaults to the bed's */
  readonly testSets?: Omit<TestSetOptions, 'directory'> & Partial<Pick<TestSetOptions, 'directory'>>;
  /** @default one instance, `instance` on the simulator */
  readonly instances?: readonly LocalInstance[];
  /**
   * The default instance: its id, settings and pairings, and how it reaches IBM (`serviceUrl` for a
   * server in front of the simulator). @default SIMULATED_INSTANCE on the simulator, no auth
   */
  readonly instance?: Partial<Omit<LocalInstance, 'connection'>> & ConnectionTarget;
  /** Instances besides the default one. @default none */
  readonly otherInstances?: readonly LocalInstance[];
};

/** The simulator, dynalite and a scaled clock, on loopback; upgraders start on them on demand. */
export interface TestBed {
  readonly simulator: RunningSimulator;
  readonly dynamo: LocalDynamo;
  readonly clock: ScaledClock;
  /** A scratch directory for test sets, corpora and settings; removed by `stop`. */
  readonly directory: string;
  /** A connection to the simulator, or to a server in front of it (`serviceUrl`). */
  connection(target?: ConnectionTarget): SttConnection;
  /** The upgrader as local mode runs it, on this bed's table and clock. */
  startUpgrader(options?: UpgraderOptions): Promise<LocalUpgrader>;
  /** IBM calls that touched a model, as `operation?query` strings, in order. */
  callsFor(customizationId: string): string[];
  /** `upgrade_*` calls per customization id, as `operation?query` strings. */
  upgradeCalls(): Map<string, string[]>;
  stop(): Promise<void>;
}

/** Where an instance is and how it signs in; default the simulator, no auth. */
export interface ConnectionTarget {
  readonly serviceUrl?: string;
  readonly auth?: Record<string, string>;
}

/** A bed and one upgrader started on it. */
export interface LocalFleet extends TestBed {
  readonly upgrader: LocalUpgrader;
}

const callOf = (entry: RequestLogEntry) => {
  const query = new URLSearchParams(entry.query).toString();
  return query ? `${entry.operation}?${query}` : entry.operation;
};

export async function startTestBed(options: TestBedOptions = {}): Promise<TestBed> {
  const clock = new ScaledClock(options.timeScale ?? TIME_SCALE);
  const simulator = await startSimulator({
    seed: 7,
    ...options.simulator,
    clock: { now: () => clock.nowMs() },
  });
  const dynamo = await startLocalDynamo(options.dynamoFaults ? { faults: options.dynamoFaults } : {});
  const directory = mkdtempSync(path.join(tmpdir(), 'test-bed-'));
  const connection: TestBed['connection'] = (target = {}) =>
    parseSttConnection({
      serviceUrl: target.serviceUrl ?? simulator.url,
      auth: target.auth ?? { type: 'none' },
    });
  return {
    simulator,
    dynamo,
    clock,
    directory,
    connection,
    startUpgrader({ instances, instance, otherInstances = [], testSets, ...rest } = {}) {
      const { id = SIMULATED_INSTANCE, serviceUrl, auth, ...described } = instance ?? {};
      return startLocalUpgrader({
        ...rest,
        ...(testSets && { testSets: { directory, ...testSets } }),
        instances: instances ?? [
          { id, connection: connection({ serviceUrl, auth }), ...described },
          ...otherInstances,
        ],
        dynamoEndpoint: dynamo.endpoint,
        clock,
      });
    },
    callsFor(customizationId) {
      return simulator
        .requestLog()
        .filter((entry) => entry.customizationId === customizationId)
        .map(callOf);
    },
    upgradeCalls() {
      const calls = new Map<string, string[]>();
      for (const entry of simulator.requestLog()) {
        if (!entry.operation.startsWith('upgrade_') || !entry.customizationId) continue;
        calls.set(entry.customizationId, [...(calls.get(entry.customizationId) ?? []), callOf(entry)]);
      }
      return calls;
    },
    async stop() {
      await simulator.stop();
      await dynamo.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * The whole upgrader on this machine, as local mode runs it: the synthesized definitions in the
 * local executor, handlers in-process, dynalite in memory, the simulator behind the real SDK.
 */
export async function startLocalFleet(
  options: TestBedOptions & { readonly upgrader?: UpgraderOptions } = {},
): Promise<LocalFleet> {
  const bed = await startTestBed(options);
  try {
    return { ...bed, upgrader: await bed.startUpgrader(options.upgrader) };
  } catch (error) {
    await bed.stop();
    throw error;
  }
}
