import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SttService } from '#core/model/custom-model.js';
import type { ManualClock, RunningSimulator } from '#simulator/index.js';
import {
  broadband,
  ids,
  latestVersion,
  oldVersion,
  openService,
  pairFleet,
  requestsFor,
  startTestSimulator,
} from './simulator-fixture.js';

describe('SttService over the SDK, against the simulator', () => {
  let sim: RunningSimulator;
  let clock: ManualClock;
  let stt: SttService;

  beforeAll(async () => {
    ({ sim, clock } = await startTestSimulator());
    stt = openService(sim);
  });
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.reset();
    sim.seedFleet(pairFleet);
  });

  it('lists language models as domain models', async () => {
    const models = await stt.listLanguageModels();
    expect(models).toEqual([
      {
        kind: 'language',
        customizationId: ids.languageModel,
        name: 'calls LM',
        baseModelName: broadband,
        versions: [`${broadband}.${oldVersion}`],
        status: 'available',
        updated: expect.any(String),
        created: expect.any(String),
        language: 'en-US',
        error: undefined,
        description: '',
      },
    ]);
  });

  it('lists acoustic models as domain models', async () => {
    const models = await stt.listAcousticModels();
    expect(models).toEqual([
      expect.objectContaining({
        kind: 'acoustic',
        customizationId: ids.acousticModel,
        name: 'calls AM',
        baseModelName: broadband,
        versions: [`${broadband}.${oldVersion}`],
        status: 'available',
        language: 'en-US',
      }),
    ]);
  });

  it('gets one language model', async () => {
    const model = await stt.getLanguageModel(ids.languageModel);
    expect(model).toMatchObject({
      kind: 'language',
      customizationId: ids.languageModel,
      status: 'available',
    });
    expect(Date.parse(model.updated ?? '')).toBe(Date.parse(sim.model(ids.languageModel)?.updated ?? 'x'));
  });

  it('gets one acoustic model', async () => {
    const model = await stt.getAcousticModel(ids.acousticModel);
    expect(model).toMatchObject({ kind: 'acoustic', customizationId: ids.acousticModel, name: 'calls AM' });
  });

  it("summarises an acoustic model's audio: minutes and resource count", async () => {
    expect(await stt.listAudio(ids.acousticModel)).toEqual({ totalMinutesOfAudio: 12.5, resourceCount: 1 });
  });

  it('starts a language model upgrade', async () => {
    await stt.upgradeLanguageModel(ids.languageModel);
    expect((await stt.getLanguageModel(ids.languageModel)).status).toBe('upgrading');
    clock.advance(24 * 3600_000);
    const done = await stt.getLanguageModel(ids.languageModel);
    expect(done.status).toBe('available');
    expect(done.versions).toContain(`${broadband}.${latestVersion}`);
  });

  it('starts an acoustic model upgrade, and the second step with the language model', async () => {
    await stt.upgradeLanguageModel(ids.languageModel);
    clock.advance(24 * 3600_000);
    await stt.upgradeAcousticModel(ids.acousticModel);
    expect((await stt.getAcousticModel(ids.acousticModel)).status).toBe('upgrading');
    clock.advance(24 * 3600_000);
    await stt.upgradeAcousticModel(ids.acousticModel, { customLanguageModelId: ids.languageModel });
    expect(requestsFor(sim, 'upgrade_acoustic_model').map((r) => r.query)).toEqual([
      {},
      { custom_language_model_id: ids.languageModel },
    ]);
    expect((await stt.getAcousticModel(ids.acousticModel)).status).toBe('upgrading');
  });

  it('trains a language model that has untrained data', async () => {
    const [readyModel = ''] = sim.seedFleet({
      languageModels: [{ name: 'new words', baseModelName: broadband, status: 'ready', words: 3 }],
    }).languageModels;
    await stt.trainLanguageModel(readyModel);
    expect((await stt.getLanguageModel(readyModel)).status).toBe('training');
  });

  it("carries IBM's error text of a model whose upgrade failed", async () => {
    sim.addFaults([
      { kind: 'upgrade-fails', match: { customizationId: ids.languageModel }, error: 'disk full at IBM' },
    ]);
    await stt.upgradeLanguageModel(ids.languageModel);
    clock.advance(24 * 3600_000);
    const failed = await stt.getLanguageModel(ids.languageModel);
    expect(failed).toMatchObject({ status: 'failed', error: 'disk full at IBM' });
  });
});
