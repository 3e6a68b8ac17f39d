import { describe, expect, it } from 'vitest';
import { broadband, ids, latestVersion, oldVersion, requestsFor, usePairFleet } from './simulator-fixture.js';

describe('SttService over the SDK, against the simulator', () => {
  const pair = usePairFleet();

  it('lists language models as domain models', async () => {
    const models = await pair.stt.listLanguageModels();
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
    const models = await pair.stt.listAcousticModels();
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
    const model = await pair.stt.getLanguageModel(ids.languageModel);
    expect(model).toMatchObject({
      kind: 'language',
      customizationId: ids.languageModel,
      status: 'available',
    });
    expect(Date.parse(model.updated ?? '')).toBe(
      Date.parse(pair.sim.model(ids.languageModel)?.updated ?? 'x'),
    );
  });

  it('gets one acoustic model', async () => {
    const model = await pair.stt.getAcousticModel(ids.acousticModel);
    expect(model).toMatchObject({ kind: 'acoustic', customizationId: ids.acousticModel, name: 'calls AM' });
  });

  it("summarises an acoustic model's audio: minutes and resource count", async () => {
    expect(await pair.stt.listAudio(ids.acousticModel)).toEqual({
      totalMinutesOfAudio: 12.5,
      resourceCount: 1,
    });
  });

  it('starts a language model upgrade', async () => {
    await pair.stt.upgradeLanguageModel(ids.languageModel);
    expect((await pair.stt.getLanguageModel(ids.languageModel)).status).toBe('upgrading');
    pair.clock.advance(24 * 3600_000);
    const done = await pair.stt.getLanguageModel(ids.languageModel);
    expect(done.status).toBe('available');
    expect(done.versions).toContain(`${broadband}.${latestVersion}`);
  });

  it('starts an acoustic model upgrade, and the second step with the language model', async () => {
    await pair.stt.upgradeLanguageModel(ids.languageModel);
    pair.clock.advance(24 * 3600_000);
    await pair.stt.upgradeAcousticModel(ids.acousticModel);
    expect((await pair.stt.getAcousticModel(ids.acousticModel)).status).toBe('upgrading');
    pair.clock.advance(24 * 3600_000);
    await pair.stt.upgradeAcousticModel(ids.acousticModel, { customLanguageModelId: ids.languageModel });
    expect(requestsFor(pair.sim, 'upgrade_acoustic_model').map((r) => r.query)).toEqual([
      {},
      { custom_language_model_id: ids.languageModel },
    ]);
    expect((await pair.stt.getAcousticModel(ids.acousticModel)).status).toBe('upgrading');
  });

  it('trains a language model that has untrained data', async () => {
    const [readyModel = ''] = pair.sim.seedFleet({
      languageModels: [{ name: 'new words', baseModelName: broadband, status: 'ready', words: 3 }],
    }).languageModels;
    await pair.stt.trainLanguageModel(readyModel);
    expect((await pair.stt.getLanguageModel(readyModel)).status).toBe('training');
  });

  it("carries IBM's error text of a model whose upgrade failed", async () => {
    pair.sim.addFaults([
      { kind: 'upgrade-fails', match: { customizationId: ids.languageModel }, error: 'disk full at IBM' },
    ]);
    await pair.stt.upgradeLanguageModel(ids.languageModel);
    pair.clock.advance(24 * 3600_000);
    const failed = await pair.stt.getLanguageModel(ids.languageModel);
    expect(failed).toMatchObject({ status: 'failed', error: 'disk full at IBM' });
  });
});
