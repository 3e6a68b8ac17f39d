import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createSttService, parseSttConnection } from '#adapters/stt/index.js';
import type { SttService } from '#core/model/custom-model.js';
import {
  type FleetSeed,
  ManualClock,
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from '#simulator/index.js';

/** Fixed ids so tests can name the models they seeded. */
export const ids = {
  languageModel: '11111111-1111-4111-8111-111111111111',
  acousticModel: '22222222-2222-4222-8222-222222222222',
  unknown: '99999999-9999-4999-8999-999999999999',
} as const;

export const broadband = 'en-US_BroadbandModel';
/** The simulator's catalog: en-US broadband models were released at these versions; the last is the latest. */
export const oldVersion = 'v2018-07-31';
export const latestVersion = 'v2020-01-16';

/** A language model behind its base model and an acoustic model trained with it. */
export const pairFleet: FleetSeed = {
  languageModels: [
    {
      customizationId: ids.languageModel,
      name: 'calls LM',
      baseModelName: broadband,
      version: oldVersion,
      words: 120,
    },
  ],
  acousticModels: [
    {
      customizationId: ids.acousticModel,
      name: 'calls AM',
      baseModelName: broadband,
      version: oldVersion,
      audioMinutes: 12.5,
      trainedWithLanguageModel: ids.languageModel,
    },
  ],
};

/**
 * A simulator on a manual clock, so work it starts stays in progress until a test advances time.
 * The caller stops it.
 */
export async function startTestSimulator(
  options: SimulatorOptions = {},
): Promise<{ sim: RunningSimulator; clock: ManualClock }> {
  const clock = new ManualClock(Date.parse('2026-11-24T08:00:00Z'));
  const sim = await startSimulator({ clock, ...options });
  return { sim, clock };
}

/** An adapter for the simulator without authentication. */
export function openService(sim: RunningSimulator): SttService {
  return createSttService(parseSttConnection({ serviceUrl: sim.url, auth: { type: 'none' } }));
}

/** The operations and queries the simulator saw for one operation name. */
export function requestsFor(
  sim: RunningSimulator,
  operation: string,
): { query: Record<string, string>; status: number }[] {
  return sim
    .requestLog()
    .filter((entry) => entry.operation === operation)
    .map(({ query, status }) => ({ query, status }));
}

/** The simulator, its clock and an adapter for it, as `usePairFleet` keeps them. */
export interface PairFleetWorld {
  readonly sim: RunningSimulator;
  readonly clock: ManualClock;
  readonly stt: SttService;
}

/**
 * For a describe block: a simulator on a manual clock started once, reset to `pairFleet` before
 * each test, and stopped after the block. The world's fields are set once its hooks have run.
 */
export function usePairFleet(): PairFleetWorld {
  const world: { sim?: RunningSimulator; clock?: ManualClock; stt?: SttService } = {};
  beforeAll(async () => {
    const { sim, clock } = await startTestSimulator();
    Object.assign(world, { sim, clock, stt: openService(sim) });
  });
  afterAll(() => world.sim?.stop());
  beforeEach(() => {
    world.sim?.reset();
    world.sim?.seedFleet(pairFleet);
  });
  return world as PairFleetWorld;
}
