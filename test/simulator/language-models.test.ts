import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatorMessages } from '#simulator/index.js';
import { ibmFailure, START, startTestSimulator, type TestSimulator } from './support.js';

let t: TestSimulator;
beforeEach(async () => {
  t = await startTestSimulator();
});
afterEach(() => t.sim.stop());

async function createModel(name = 'calls', baseModelName = 'en-US_BroadbandModel'): Promise<string> {
  const { result, status } = await t.stt.createLanguageModel({ name, baseModelName, description: 'test' });
  expect(status).toBe(201);
  return result.customization_id;
}

describe('language models', () => {
  it('creates a model in status pending on the latest version of its base model', async () => {
    const id = await createModel();
    const { result } = await t.stt.getLanguageModel({ customizationId: id });
    expect(result).toMatchObject({
      customization_id: id,
      status: 'pending',
      progress: 0,
      language: 'en-US',
      dialect: 'en-US',
      base_model_name: 'en-US_BroadbandModel',
      versions: ['en-US_BroadbandModel.v2020-01-16'],
      created: new Date(START).toISOString(),
    });
  });

  it('rejects a create body without a name, naming the field', async () => {
    const res = await fetch(`${t.sim.url}/v1/customizations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ base_model_name: 'en-US_BroadbandModel' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; code: number; code_description: string };
    expect(body.error).toMatch(/^Invalid request body: name:/);
    expect(body).toMatchObject({ code: 400, code_description: 'Bad Request' });
  });

  it('rejects an unknown base model', async () => {
    const failure = await ibmFailure(
      t.stt.createLanguageModel({ name: 'x', baseModelName: 'xx-XX_Nothing' }),
    );
    expect(failure).toMatchObject({
      status: 400,
      message: SimulatorMessages.unknownBaseModel('xx-XX_Nothing'),
    });
  });

  it('moves from pending to ready when words are added, and lists them', async () => {
    const id = await createModel();
    const added = await t.stt.addWords({
      customizationId: id,
      words: [{ word: 'IEEE', sounds_like: ['i triple e'], display_as: 'IEEE' }, { word: 'HHonors' }],
    });
    expect(added.status).toBe(201);
    expect((await t.stt.getLanguageModel({ customizationId: id })).result.status).toBe('ready');
    const { result } = await t.stt.listWords({ customizationId: id });
    expect(result.words.map((w) => w.word).sort()).toEqual(['HHonors', 'IEEE']);
    expect(result.words.find((w) => w.word === 'IEEE')?.sounds_like).toEqual(['i triple e']);
  });

  it('counts the distinct words of a corpus sent by the SDK as words of the model', async () => {
    const id = await createModel();
    await t.stt.addCorpus({
      customizationId: id,
      corpusName: 'claims',
      corpusFile: Buffer.from('The claim was filed. The adjuster approved the claim.'),
    });
    t.clock.advance(61_000);
    const { result } = await t.stt.listWords({ customizationId: id });
    expect(result.words.map((w) => w.word).sort()).toEqual([
      'adjuster',
      'approved',
      'claim',
      'filed',
      'the',
      'was',
    ]);
    expect(result.words[0]?.source).toEqual(['claims']);
    expect((await t.stt.getLanguageModel({ customizationId: id })).result.status).toBe('ready');
  });

  it('accepts a corpus as a plain-text body, as curl sends it', async () => {
    const id = await createModel();
    const res = await fetch(`${t.sim.url}/v1/customizations/${id}/corpora/notes`, {
      method: 'POST',
      body: 'alpha beta beta',
    });
    expect(res.status).toBe(201);
    t.clock.advance(61_000);
    const { result } = await t.stt.listWords({ customizationId: id });
    expect(result.words).toHaveLength(2);
  });

  it('trains a ready model: training, then available when the duration has passed, with updated moved', async () => {
    const id = await createModel();
    await t.stt.addWords({ customizationId: id, words: [{ word: 'alpha' }] });
    const trained = await t.stt.trainLanguageModel({ customizationId: id });
    expect(trained).toMatchObject({ status: 200, result: {} });
    expect((await t.stt.getLanguageModel({ customizationId: id })).result.status).toBe('training');
    t.clock.advance(80_000);
    const { result } = await t.stt.getLanguageModel({ customizationId: id });
    expect(result.status).toBe('available');
    expect(Date.parse(result.updated ?? '')).toBeGreaterThan(START);
    expect(result.progress).toBe(100);
  });

  it('refuses to train a model whose data did not change since training, unless forced', async () => {
    t.sim.seedFleet({
      languageModels: [
        {
          customizationId: '11111111-1111-4111-8111-111111111111',
          name: 'a',
          baseModelName: 'en-US_BroadbandModel',
          words: 10,
        },
      ],
    });
    const id = '11111111-1111-4111-8111-111111111111';
    const failure = await ibmFailure(t.stt.trainLanguageModel({ customizationId: id }));
    expect(failure).toMatchObject({ status: 400, message: SimulatorMessages.noInputModified });
    await t.stt.trainLanguageModel({ customizationId: id, force: true });
    expect((await t.stt.getLanguageModel({ customizationId: id })).result.status).toBe('training');
  });

  it('refuses to train a pending model', async () => {
    const id = await createModel();
    const failure = await ibmFailure(t.stt.trainLanguageModel({ customizationId: id }));
    expect(failure.status).toBe(400);
    expect(failure.message).toContain('contains no data');
  });

  it('lists models filtered by language', async () => {
    await createModel('us', 'en-US_BroadbandModel');
    await createModel('es', 'es-ES_BroadbandModel');
    const all = await t.stt.listLanguageModels();
    const spanish = await t.stt.listLanguageModels({ language: 'es-ES' });
    expect(all.result.customizations).toHaveLength(2);
    expect(spanish.result.customizations.map((m) => m.name)).toEqual(['es']);
  });

  it('deletes a model, after which it is not found', async () => {
    const id = await createModel();
    expect((await t.stt.deleteLanguageModel({ customizationId: id })).status).toBe(200);
    const failure = await ibmFailure(t.stt.getLanguageModel({ customizationId: id }));
    expect(failure).toMatchObject({ status: 404, message: SimulatorMessages.notFound(id) });
  });

  it('answers 404 with IBM’s error body for an unknown customization id', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const failure = await ibmFailure(t.stt.upgradeLanguageModel({ customizationId: id }));
    expect(failure.status).toBe(404);
    expect(failure.body).toEqual({
      error: `Customization ID '${id}' not found`,
      code: 404,
      code_description: 'Not Found',
    });
  });

  it('does not find an acoustic model under the language model path', async () => {
    const { result } = await t.stt.createAcousticModel({ name: 'a', baseModelName: 'en-US_BroadbandModel' });
    const failure = await ibmFailure(t.stt.getLanguageModel({ customizationId: result.customization_id }));
    expect(failure.status).toBe(404);
  });

  it('locks a training model against new data and deletion (409)', async () => {
    const id = await createModel();
    await t.stt.addWords({ customizationId: id, words: [{ word: 'alpha' }] });
    await t.stt.trainLanguageModel({ customizationId: id });
    const add = await ibmFailure(t.stt.addWords({ customizationId: id, words: [{ word: 'beta' }] }));
    const del = await ibmFailure(t.stt.deleteLanguageModel({ customizationId: id }));
    expect(add).toMatchObject({ status: 409, message: SimulatorMessages.locked(id, 'training') });
    expect(del.status).toBe(409);
  });

  it('serves the base model catalog', async () => {
    const { result } = await t.stt.listModels();
    const broadband = result.models.find((m) => m.name === 'en-US_BroadbandModel');
    expect(broadband).toMatchObject({
      language: 'en-US',
      rate: 16000,
      url: `${t.sim.url}/v1/models/en-US_BroadbandModel`,
    });
    expect(broadband?.supported_features).toEqual({
      custom_language_model: true,
      custom_acoustic_model: true,
      speaker_labels: true,
    });
    const telephony = await t.stt.getModel({ modelId: 'en-US_Telephony' });
    expect(telephony.result).toMatchObject({
      rate: 8000,
      supported_features: { custom_acoustic_model: false },
    });
    for (const lang of ['en-US', 'en-GB', 'es-ES', 'fr-CA', 'pt-BR', 'ja-JP', 'zh-CN']) {
      expect(result.models.filter((m) => m.language === lang).length).toBeGreaterThanOrEqual(3);
    }
    expect((await ibmFailure(t.stt.getModel({ modelId: 'xx-XX_Nothing' }))).status).toBe(404);
  });
});
