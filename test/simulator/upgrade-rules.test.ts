import { afterEach, describe, expect, it } from 'vitest';
import { type FleetSeed, SimulatorMessages, type SimulatorOptions } from '#simulator/index.js';
import { ibmFailure, START, seconds, startTestSimulator, type TestSimulator } from './support.js';

const LM = '22222222-2222-4222-8222-222222222222';

let t: TestSimulator | undefined;
afterEach(() => t?.sim.stop());

/** A simulator holding one language model seeded from `seed` (on en-US_BroadbandModel's old version unless said). */
async function withLanguageModel(
  seed: Partial<NonNullable<FleetSeed['languageModels']>[number]> = {},
  options: SimulatorOptions = {},
): Promise<TestSimulator> {
  t = await startTestSimulator({
    ...options,
    fleet: {
      languageModels: [
        {
          customizationId: LM,
          name: 'calls',
          baseModelName: 'en-US_BroadbandModel',
          version: 'v2018-07-31',
          words: 1000,
          ...seed,
        },
      ],
    },
  });
  return t;
}

describe('upgrade_model semantics', () => {
  it('answers 200 {} and shows status upgrading at once', async () => {
    const { stt } = await withLanguageModel();
    const answer = await stt.upgradeLanguageModel({ customizationId: LM });
    expect(answer.status).toBe(200);
    expect(answer.result).toEqual({});
    expect((await stt.getLanguageModel({ customizationId: LM })).result.status).toBe('upgrading');
  });

  it('returns to available and gains the latest version when the upgrade completes', async () => {
    const { stt, clock } = await withLanguageModel();
    await stt.upgradeLanguageModel({ customizationId: LM });
    clock.advance(seconds(110 * 1.2));
    const { result } = await stt.getLanguageModel({ customizationId: LM });
    expect(result.status).toBe('available');
    expect(result.versions).toEqual(['en-US_BroadbandModel.v2018-07-31', 'en-US_BroadbandModel.v2020-01-16']);
  });

  it('returns a ready model to ready, not available', async () => {
    const { stt, clock } = await withLanguageModel({ status: 'ready' });
    await stt.upgradeLanguageModel({ customizationId: LM });
    clock.advance(seconds(200));
    expect((await stt.getLanguageModel({ customizationId: LM })).result.status).toBe('ready');
  });

  it('takes 60 s + 0.05 s per word, spread by 0.8-1.2, and stamps updated with the completion time', async () => {
    const { stt, clock, sim } = await withLanguageModel({ words: 1000 });
    await stt.upgradeLanguageModel({ customizationId: LM });
    clock.advance(seconds(110 * 0.8) - 1);
    expect(sim.model(LM)?.status).toBe('upgrading');
    clock.advance(seconds(110 * 0.4) + 2);
    const done = sim.model(LM);
    expect(done?.status).toBe('available');
    const took = Date.parse(done?.updated ?? '') - START;
    expect(took).toBeGreaterThanOrEqual(seconds(88));
    expect(took).toBeLessThanOrEqual(seconds(132));
  });

  it('divides durations by timeScale', async () => {
    const { stt, clock, sim } = await withLanguageModel({ words: 1000 }, { timeScale: 100 });
    await stt.upgradeLanguageModel({ customizationId: LM });
    clock.advance(seconds(1.33));
    expect(sim.model(LM)?.status).toBe('available');
  });

  it('gives the same model the same duration for the same seed, and another for another seed', async () => {
    const durations: number[] = [];
    for (const seed of [7, 7, 8]) {
      const { stt, clock, sim } = await withLanguageModel({}, { seed });
      await stt.upgradeLanguageModel({ customizationId: LM });
      clock.advance(seconds(1000));
      durations.push(Date.parse(sim.model(LM)?.updated ?? '') - START);
      await sim.stop();
      t = undefined;
    }
    expect(durations[0]).toBe(durations[1]);
    expect(durations[2]).not.toBe(durations[0]);
  });

  it('locks an upgrading model: a second upgrade gets 409', async () => {
    const { stt } = await withLanguageModel();
    await stt.upgradeLanguageModel({ customizationId: LM });
    const failure = await ibmFailure(stt.upgradeLanguageModel({ customizationId: LM }));
    expect(failure.status).toBe(409);
    expect(failure.message).toContain('locked');
    expect(failure.message).toBe(SimulatorMessages.locked(LM, 'upgrading'));
  });

  it('locks a training model: upgrade gets 409 until training ends', async () => {
    const { stt, clock } = await withLanguageModel({ status: 'training', busyForSeconds: 600 });
    expect((await ibmFailure(stt.upgradeLanguageModel({ customizationId: LM }))).status).toBe(409);
    clock.advance(seconds(600));
    expect((await stt.upgradeLanguageModel({ customizationId: LM })).status).toBe(200);
  });

  it('refuses a pending model with 400 "must be in the ready or available state"', async () => {
    const { stt } = await withLanguageModel({ status: 'pending' });
    const failure = await ibmFailure(stt.upgradeLanguageModel({ customizationId: LM }));
    expect(failure.status).toBe(400);
    expect(failure.message).toContain("must be in the 'ready' or 'available' state");
  });

  it('refuses a failed model with 400 "must be in the ready or available state"', async () => {
    const { stt } = await withLanguageModel({ status: 'failed' });
    const failure = await ibmFailure(stt.upgradeLanguageModel({ customizationId: LM }));
    expect(failure.status).toBe(400);
    expect(failure.message).toContain("must be in the 'ready' or 'available' state");
  });

  it('refuses a model without data with 400 "contains no data"', async () => {
    const { stt } = await withLanguageModel({ words: 0, status: 'available' });
    const failure = await ibmFailure(stt.upgradeLanguageModel({ customizationId: LM }));
    expect(failure.status).toBe(400);
    expect(failure.message).toContain('contains no data');
  });

  it('refuses a model already on the latest version with 400 "Custom model is already up-to-date"', async () => {
    const { stt, sim } = await withLanguageModel({ version: 'v2020-01-16' });
    const failure = await ibmFailure(stt.upgradeLanguageModel({ customizationId: LM }));
    expect(failure).toMatchObject({ status: 400, message: 'Custom model is already up-to-date' });
    expect(sim.model(LM)?.status).toBe('available');
  });

  it('answers 200 and changes nothing for an up-to-date model in no-op mode', async () => {
    const { stt, sim } = await withLanguageModel({ version: 'v2020-01-16' }, { alreadyUpToDate: 'no-op' });
    const before = sim.model(LM);
    expect((await stt.upgradeLanguageModel({ customizationId: LM })).status).toBe(200);
    expect(sim.model(LM)).toEqual(before);
  });

  it('puts models behind when a new base version is released, and upgrades them to it', async () => {
    const { stt, clock, sim } = await withLanguageModel({ version: 'v2020-01-16' });
    sim.releaseBaseModelVersion('en-US_BroadbandModel', 'v2026-11-24');
    await stt.upgradeLanguageModel({ customizationId: LM });
    clock.advance(seconds(200));
    expect(sim.model(LM)?.versions).toEqual([
      'en-US_BroadbandModel.v2020-01-16',
      'en-US_BroadbandModel.v2026-11-24',
    ]);
  });

  it('refuses upgrade_model for an improved next-generation model and points to train', async () => {
    const { stt } = await withLanguageModel({ baseModelName: 'en-US_Telephony', version: 'v2021-07-29' });
    const failure = await ibmFailure(stt.upgradeLanguageModel({ customizationId: LM }));
    expect(failure.status).toBe(400);
    expect(failure.message).toContain('improved next-generation');
    expect(failure.message).toContain('train');
  });

  it('upgrades an improved next-generation model by forced training', async () => {
    const { stt, clock, sim } = await withLanguageModel({
      baseModelName: 'en-US_Telephony',
      version: 'v2021-07-29',
    });
    await stt.trainLanguageModel({ customizationId: LM, force: true });
    expect(sim.model(LM)?.status).toBe('training');
    clock.advance(seconds(200));
    expect(sim.model(LM)).toMatchObject({
      status: 'available',
      versions: ['en-US_Telephony.v2021-07-29', 'en-US_Telephony.v2023-06-16'],
    });
  });

  it('counts upgrades in flight and their peak', async () => {
    t = await startTestSimulator({
      fleet: {
        languageModels: [1, 2, 3].map((n) => ({
          customizationId: `3333333${n}-3333-4333-8333-333333333333`,
          name: `m${n}`,
          baseModelName: 'en-US_BroadbandModel',
          version: 'v2018-07-31',
          words: 100 * n,
        })),
      },
    });
    for (const n of [1, 2, 3])
      await t.stt.upgradeLanguageModel({ customizationId: `3333333${n}-3333-4333-8333-333333333333` });
    expect(t.sim.stats()).toMatchObject({ upgradesInFlight: 3, peakUpgradesInFlight: 3 });
    t.clock.advance(seconds(1000));
    expect(t.sim.stats()).toMatchObject({ upgradesInFlight: 0, peakUpgradesInFlight: 3 });
  });
});
