import { afterEach, describe, expect, it } from 'vitest';
import { LARGE_SPEECH_MODEL_LOCALES } from '#core/model/index.js';
import { audioSha256, generateWav, SimulatorMessages } from '#simulator/index.js';
import { ibmFailure, startTestSimulator, type TestSimulator } from './support.js';

const LSM_LM = '61616161-6161-4161-8161-616161616161';
const CLAIM = generateWav({ seconds: 3, seed: 7 });
let t: TestSimulator | undefined;
afterEach(() => t?.sim.stop());

async function withLsmModel(): Promise<TestSimulator> {
  t = await startTestSimulator({
    fleet: {
      languageModels: [{ customizationId: LSM_LM, name: 'claims-lsm', baseModelName: 'en-US', words: 12 }],
    },
  });
  t.sim.addRecognitionReferences([
    { sha256: audioSha256(CLAIM), text: 'please check my claim status today' },
  ]);
  return t;
}

async function transcript(s: TestSimulator, params: Record<string, unknown> = {}): Promise<string> {
  const { result } = await s.stt.recognize({
    audio: CLAIM,
    contentType: 'audio/wav',
    model: 'en-US',
    languageCustomizationId: LSM_LM,
    ...params,
  });
  return result.results?.map((r) => r.alternatives[0]?.transcript ?? '').join('') ?? '';
}

describe('large speech models in the simulator', () => {
  it('lists every locale as a model named after it, with language customization only', async () => {
    const s = await withLsmModel();
    const { result } = await s.stt.listModels();
    const names = new Set(result.models.map((m) => m.name));
    for (const locale of LARGE_SPEECH_MODEL_LOCALES) expect(names.has(locale)).toBe(true);
    const enUs = result.models.find((m) => m.name === 'en-US');
    expect(enUs?.supported_features).toMatchObject({
      custom_language_model: true,
      custom_acoustic_model: false,
    });
  });

  it('gives a custom model an opaque version that is not a date', async () => {
    const s = await withLsmModel();
    const versions = s.sim.model(LSM_LM)?.versions ?? [];
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatch(/^en-US\./);
    expect(versions[0]).not.toMatch(/^en-US\.v\d{4}-\d{2}-\d{2}$/);
  });

  it("refuses acoustic models and grammars with IBM's words", async () => {
    const s = await withLsmModel();
    const acoustic = await ibmFailure(s.stt.createAcousticModel({ name: 'am', baseModelName: 'en-US' }));
    expect(acoustic).toMatchObject({ status: 400, message: SimulatorMessages.lsmNoAcousticCustomization });
    const listGrammars = await ibmFailure(s.stt.listGrammars({ customizationId: LSM_LM }));
    expect(listGrammars).toMatchObject({ status: 400, message: SimulatorMessages.lsmNoGrammars });
    const addGrammar = await ibmFailure(
      s.stt.addGrammar({
        customizationId: LSM_LM,
        grammarName: 'g',
        grammarFile: Buffer.from('#JSGF V1.0; grammar g; public <a> = yes;'),
        contentType: 'application/jsgf',
      }),
    );
    expect(addGrammar).toMatchObject({ status: 400, message: SimulatorMessages.lsmNoGrammars });
    const withGrammar = await ibmFailure(transcript(s, { grammarName: 'g' }));
    expect(withGrammar).toMatchObject({ status: 400, message: SimulatorMessages.lsmNoGrammars });
  });

  it('recognises with a default customization_weight of 0.5: sending 0.5 changes nothing, 0.9 does', async () => {
    const s = await withLsmModel();
    s.sim.addRecognitionProfiles([{ baseModel: 'en-US', wordErrorRate: 0.5 }]);
    const byDefault = await transcript(s);
    expect(await transcript(s, { customizationWeight: 0.5 })).toBe(byDefault);
    const others = await Promise.all([0.1, 0.9, 0.7].map((w) => transcript(s, { customizationWeight: w })));
    expect(others.some((text) => text !== byDefault)).toBe(true);
  });

  it('improves a model silently: recognition changes and no version is added', async () => {
    const s = await withLsmModel();
    const versionsBefore = s.sim.model(LSM_LM)?.versions;
    expect(await transcript(s)).toContain('claim');
    const answer = await fetch(`${s.sim.url}/_simulator/base_models/en-US/improvements`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ confuses: { claim: 'clam' } }),
    });
    expect(answer.status).toBe(201);
    const after = await transcript(s);
    expect(after).toContain('clam');
    expect(after).not.toContain('claim');
    expect(s.sim.model(LSM_LM)?.versions).toEqual(versionsBefore);
    s.sim.improveBaseModel('en-US', { restores: ['claim'] });
    expect(await transcript(s)).toContain('claim');
  });

  it('names the field of a bad improvement', async () => {
    const s = await withLsmModel();
    const answer = await fetch(`${s.sim.url}/_simulator/base_models/en-US/improvements`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ drops: 'claim' }),
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toMatch(/drops/);
  });
});
