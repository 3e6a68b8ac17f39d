import { CloudPakForDataAuthenticator } from 'ibm-watson/auth/index.js';
import SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatorMessages, type SimulatorOptions } from '#simulator/index.js';
import { ibmFailure, seconds, startTestSimulator, type TestSimulator } from './support.js';

const LM = '12121212-1212-4212-8212-121212121212';
const OLD = 'en-US_Telephony.v2021-07-29';
const NEW = 'en-US_Telephony.v2023-06-16';
let t: TestSimulator | undefined;
afterEach(() => t?.sim.stop());

/** A language model of an improved next-generation base model, trained on its old version. */
async function withImprovedModel(options: SimulatorOptions = {}): Promise<TestSimulator> {
  t = await startTestSimulator({
    ...options,
    fleet: {
      languageModels: [
        { customizationId: LM, name: 'calls', baseModelName: 'en-US_Telephony', version: 'v2021-07-29' },
      ],
    },
  });
  await t.stt.addCorpus({
    customizationId: LM,
    corpusName: 'claims',
    corpusFile: Buffer.from('my claim status'),
  });
  t.clock.advance(seconds(61));
  await t.stt.addCorpus({
    customizationId: LM,
    corpusName: 'notes',
    corpusFile: Buffer.from('policy holder'),
  });
  t.clock.advance(seconds(61));
  await t.stt.addWords({ customizationId: LM, words: [{ word: 'zurich', sounds_like: ['zoo rick'] }] });
  await t.stt.addGrammar({
    customizationId: LM,
    grammarName: 'digits',
    grammarFile: Buffer.from('#JSGF V1.0; grammar digits; public <d> = one | two;'),
    contentType: 'application/jsgf',
  });
  return t;
}

async function trained(s: TestSimulator): Promise<void> {
  await s.stt.trainLanguageModel({ customizationId: LM });
  s.clock.advance(seconds(600));
  expect(s.sim.model(LM)?.status).toBe('available');
}

describe('IBM training rules', () => {
  it('on IBM Cloud, force=true retrains an available model and adds the newest base version', async () => {
    const s = await withImprovedModel();
    await trained(s);
    s.sim.releaseBaseModelVersion('en-US_Telephony', 'v2026-02-01');
    await s.stt.trainLanguageModel({ customizationId: LM, force: true });
    expect(s.sim.model(LM)?.status).toBe('training');
    s.clock.advance(seconds(600));
    expect(s.sim.model(LM)).toMatchObject({ status: 'available' });
    expect(s.sim.model(LM)?.versions).toContain('en-US_Telephony.v2026-02-01');
  });

  it('on Cloud Pak for Data (cp4d auth) rejects force=true with 400 and leaves the model as it was', async () => {
    t = await startTestSimulator({
      auth: { kind: 'cp4d', username: 'admin', password: 'secret' },
      fleet: {
        languageModels: [
          {
            customizationId: LM,
            name: 'calls',
            baseModelName: 'en-US_Telephony',
            version: 'v2021-07-29',
            words: 5,
          },
        ],
      },
    });
    const stt = new SpeechToTextV1({
      authenticator: new CloudPakForDataAuthenticator({
        username: 'admin',
        password: 'secret',
        url: t.sim.url,
      }),
      serviceUrl: t.sim.url,
    });
    const failure = await ibmFailure(stt.trainLanguageModel({ customizationId: LM, force: true }));
    expect(failure).toMatchObject({ status: 400, message: SimulatorMessages.forceNotSupported });
    expect(t.sim.model(LM)).toMatchObject({ status: 'available', versions: [OLD] });
  });

  it('with platform cpd, trains a ready model, which moves it to the newest base version', async () => {
    const s = await withImprovedModel({ platform: 'cpd' });
    expect((await ibmFailure(s.stt.trainLanguageModel({ customizationId: LM, force: true }))).status).toBe(
      400,
    );
    expect(s.sim.model(LM)?.status).toBe('ready');
    await s.stt.trainLanguageModel({ customizationId: LM });
    s.clock.advance(seconds(600));
    expect(s.sim.model(LM)).toMatchObject({ status: 'available', versions: [OLD, NEW] });
  });

  it('answers 409 while the model is training', async () => {
    const s = await withImprovedModel();
    await s.stt.trainLanguageModel({ customizationId: LM });
    const failure = await ibmFailure(s.stt.trainLanguageModel({ customizationId: LM, force: true }));
    expect(failure).toMatchObject({ status: 409, message: SimulatorMessages.locked(LM, 'training') });
  });

  it('answers 400 "No input data modified since last training" to an unchanged available model without force', async () => {
    const s = await withImprovedModel();
    await trained(s);
    const failure = await ibmFailure(s.stt.trainLanguageModel({ customizationId: LM }));
    expect(failure).toMatchObject({ status: 400, message: SimulatorMessages.noInputModified });
    expect(s.sim.model(LM)?.status).toBe('available');
  });

  it('fails training with 400 on invalid resources and leaves the model failed', async () => {
    const s = await withImprovedModel();
    s.sim.markInvalidResources(LM, { corpora: ['notes'], words: ['zurich'], grammars: ['digits'] });
    const failure = await ibmFailure(s.stt.trainLanguageModel({ customizationId: LM }));
    expect(failure.status).toBe(400);
    expect(failure.message).toContain('invalid_corpus_files: notes');
    expect(failure.message).toContain('invalid_words: zurich');
    expect(failure.message).toContain('invalid_grammar_files: digits');
    expect(s.sim.model(LM)).toMatchObject({ status: 'failed', error: failure.message, versions: [OLD] });
  });

  it('with strict=false trains on the valid resources and warns about the invalid ones', async () => {
    const s = await withImprovedModel();
    s.sim.markInvalidResources(LM, { corpora: ['notes'] });
    const answer = await s.stt.trainLanguageModel({ customizationId: LM, strict: false });
    expect(answer.result.warnings).toEqual([
      { code: 'invalid_corpus_files', message: 'Training skipped the invalid resources: notes' },
    ]);
    s.clock.advance(seconds(600));
    expect(s.sim.model(LM)).toMatchObject({ status: 'available', versions: [OLD, NEW] });
  });

  it('lists corpora, words and grammars with their status', async () => {
    const s = await withImprovedModel();
    s.sim.markInvalidResources(LM, { corpora: ['notes'], words: ['zurich'], error: 'Numbers must be words' });
    const corpora = (await s.stt.listCorpora({ customizationId: LM })).result.corpora;
    expect(corpora.map((c) => [c.name, c.status, c.error])).toEqual([
      ['claims', 'analyzed', undefined],
      ['notes', 'undetermined', 'Numbers must be words'],
    ]);
    const words = (await s.stt.listWords({ customizationId: LM })).result.words;
    expect(words.find((w) => w.word === 'zurich')?.error).toEqual([{ word: 'Numbers must be words' }]);
    expect(words.find((w) => w.word === 'claim')?.error).toBeUndefined();
    const grammars = (await s.stt.listGrammars({ customizationId: LM })).result.grammars;
    expect(grammars).toEqual([{ name: 'digits', out_of_vocabulary_words: 7, status: 'analyzed' }]);
  });

  it('marks resources invalid over HTTP and names a resource the model does not have', async () => {
    const s = await withImprovedModel();
    const post = (body: unknown) =>
      fetch(`${s.sim.url}/_simulator/models/${LM}/invalid-resources`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
    const bad = await post({ corpora: ['claims', 'missing'] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('corpora.1');
    expect((await post({ grammars: ['digits'] })).status).toBe(200);
    expect((await s.stt.listGrammars({ customizationId: LM })).result.grammars[0]?.status).toBe(
      'undetermined',
    );
    expect((await s.stt.listCorpora({ customizationId: LM })).result.corpora[0]?.status).toBe('analyzed');
  });
});
