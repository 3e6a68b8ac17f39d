import { afterEach, describe, expect, it } from 'vitest';
import { SimulatorMessages } from '#simulator/index.js';
import { ibmFailure, seconds, startTestSimulator, type TestSimulator } from './support.js';

let t: TestSimulator | undefined;
afterEach(() => t?.sim.stop());

async function newModel(s: TestSimulator, name = 'calls'): Promise<string> {
  const { result } = await s.stt.createLanguageModel({ name, baseModelName: 'en-US_Telephony' });
  return result.customization_id;
}

describe('IBM rules a migration meets', () => {
  it('refuses a create over the model limit with a 400 and creates nothing', async () => {
    const s = await startTestSimulator({ modelLimit: 2 });
    t = s;
    await newModel(s, 'a');
    await newModel(s, 'b');
    const failure = await ibmFailure(
      s.stt.createLanguageModel({ name: 'c', baseModelName: 'en-US_Telephony' }),
    );
    expect(failure).toMatchObject({ status: 400, message: SimulatorMessages.modelLimit('language', 2) });
    expect((await s.stt.listLanguageModels()).result.customizations?.map((m) => m.name)).toEqual(['a', 'b']);
    // The limit is per kind: acoustic models still have room.
    await s.stt.createAcousticModel({ name: 'am', baseModelName: 'en-US_BroadbandModel' });
  });

  it('analyses one corpus at a time: being_processed, other corpora, words and training refused until done', async () => {
    const s = await startTestSimulator();
    t = s;
    const id = await newModel(s);
    await s.stt.addCorpus({
      customizationId: id,
      corpusName: 'claims',
      corpusFile: Buffer.from('my claim status'),
    });
    expect((await s.stt.getCorpus({ customizationId: id, corpusName: 'claims' })).result).toMatchObject({
      status: 'being_processed',
      total_words: 0,
    });
    expect((await s.stt.getLanguageModel({ customizationId: id })).result.status).toBe('pending');
    const refusals = await Promise.all([
      ibmFailure(
        s.stt.addCorpus({ customizationId: id, corpusName: 'notes', corpusFile: Buffer.from('policy') }),
      ),
      ibmFailure(s.stt.addWords({ customizationId: id, words: [{ word: 'zurich' }] })),
      ibmFailure(s.stt.trainLanguageModel({ customizationId: id })),
    ]);
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({
        status: 409,
        message: SimulatorMessages.corpusBeingProcessed(id, 'claims'),
      });
    }
    s.clock.advance(seconds(61));
    expect((await s.stt.getCorpus({ customizationId: id, corpusName: 'claims' })).result).toMatchObject({
      status: 'analyzed',
      total_words: 3,
    });
    expect((await s.stt.getLanguageModel({ customizationId: id })).result.status).toBe('ready');
    await s.stt.addCorpus({ customizationId: id, corpusName: 'notes', corpusFile: Buffer.from('policy') });
  });

  it('ends the analysis of a corpus it cannot read undetermined, with IBM documented text', async () => {
    const s = await startTestSimulator();
    t = s;
    const id = await newModel(s);
    await s.stt.addCorpus({
      customizationId: id,
      corpusName: 'scan',
      corpusFile: Buffer.from([0x6d, 0x79, 0x00, 0xff, 0x20, 0x63, 0x6c, 0x61, 0x69, 0x6d]),
    });
    s.clock.advance(seconds(61));
    expect((await s.stt.getCorpus({ customizationId: id, corpusName: 'scan' })).result).toEqual({
      name: 'scan',
      total_words: 0,
      out_of_vocabulary_words: 0,
      status: 'undetermined',
      error: SimulatorMessages.corpusAnalysisFailed('scan'),
    });
  });

  it('refuses a words request with a word IBM cannot take as a whole, and stores a bad sounds_like with its error', async () => {
    const s = await startTestSimulator();
    t = s;
    const id = await newModel(s);
    const spaced = await ibmFailure(
      s.stt.addWords({ customizationId: id, words: [{ word: 'ok' }, { word: 'two words' }] }),
    );
    expect(spaced).toMatchObject({ status: 400, message: SimulatorMessages.wordWithSpaces('two words') });
    expect((await s.stt.listWords({ customizationId: id })).result.words).toEqual([]);
    await s.stt.addWords({
      customizationId: id,
      words: [
        { word: 'fee', sounds_like: ['75 dollars'] },
        { word: 'IEEE', sounds_like: ['I triple E'] },
      ],
    });
    const words = (await s.stt.listWords({ customizationId: id })).result.words;
    expect(words.find((w) => w.word === 'fee')?.error).toEqual([
      { '75 dollars': SimulatorMessages.soundsLikeDigits },
    ]);
    expect(words.find((w) => w.word === 'IEEE')?.error).toBeUndefined();
    const strict = await ibmFailure(s.stt.trainLanguageModel({ customizationId: id }));
    expect(strict.status).toBe(400);
  });
});
