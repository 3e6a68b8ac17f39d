import { afterEach, describe, expect, it } from 'vitest';
import { ErrorName } from '#core/contract/errors.js';
import { ids, openService, requestsFor, usePairFleet } from './simulator-fixture.js';

const day = 24 * 3600_000;

describe('what the adapter sends', () => {
  const pair = usePairFleet();

  it('sends force on an acoustic upgrade only when asked for', async () => {
    await pair.stt.upgradeLanguageModel(ids.languageModel);
    pair.clock.advance(day);
    await pair.stt.upgradeAcousticModel(ids.acousticModel, { force: false });
    pair.clock.advance(day);
    await pair.stt.upgradeAcousticModel(ids.acousticModel, { customLanguageModelId: ids.languageModel });
    pair.clock.advance(day);
    // IBM refuses this one (already up-to-date); only what was sent matters here.
    await pair.stt
      .upgradeAcousticModel(ids.acousticModel, { customLanguageModelId: ids.languageModel, force: true })
      .catch(() => undefined);
    expect(requestsFor(pair.sim, 'upgrade_acoustic_model').map((r) => r.query)).toEqual([
      {},
      { custom_language_model_id: ids.languageModel },
      { custom_language_model_id: ids.languageModel, force: 'true' },
    ]);
  });

  it('sends force on training only when asked for', async () => {
    await pair.stt.trainLanguageModel(ids.languageModel).catch(() => undefined);
    await pair.stt.trainLanguageModel(ids.languageModel, { force: false }).catch(() => undefined);
    await pair.stt.trainLanguageModel(ids.languageModel, { force: true });
    expect(requestsFor(pair.sim, 'train_language_model')).toEqual([
      { query: {}, status: 400 },
      { query: {}, status: 400 },
      { query: { force: 'true' }, status: 200 },
    ]);
  });

  describe('no automatic retries', () => {
    const retriesVariable = 'SPEECH_TO_TEXT_ENABLE_RETRIES';
    afterEach(() => {
      delete process.env[retriesVariable];
    });

    it('one 503 on upgrade_model -> Transient after exactly one request', async () => {
      pair.sim.addFaults([
        { kind: 'status', status: 503, times: 1, match: { operation: 'upgrade_language_model' } },
      ]);
      await expect(pair.stt.upgradeLanguageModel(ids.languageModel)).rejects.toMatchObject({
        name: ErrorName.Transient,
      });
      expect(requestsFor(pair.sim, 'upgrade_language_model')).toEqual([{ query: {}, status: 503 }]);
    });

    it('stays at one request even when the environment asks the SDK for retries', async () => {
      process.env[retriesVariable] = 'true';
      const fromEnvironment = openService(pair.sim);
      pair.sim.addFaults([
        { kind: 'status', status: 503, times: 1, match: { operation: 'upgrade_language_model' } },
      ]);
      await expect(fromEnvironment.upgradeLanguageModel(ids.languageModel)).rejects.toMatchObject({
        name: ErrorName.Transient,
      });
      expect(requestsFor(pair.sim, 'upgrade_language_model')).toEqual([{ query: {}, status: 503 }]);
    });
  });
});
