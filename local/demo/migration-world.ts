import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NoAuthAuthenticator } from 'ibm-watson/auth/index.js';
import SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';
import { audioSha256, generateWav, type RunningSimulator } from '#simulator/index.js';

/** Two next-generation models to move to `en-US`: on its own test set, one comes out better and one worse. */
const sources = [
  {
    name: 'support-lines',
    baseModelName: 'en-US_Telephony',
    words: [
      { word: 'HMO', sounds_like: ['H M O'], display_as: 'HMO' },
      { word: 'copay', sounds_like: ['co pay'] },
    ],
    corpus: {
      name: 'support',
      text: 'i need a refund on my copay.\nwhat is the balance of my HMO account.\n',
    },
    sentences: [
      'i would like a refund please',
      'what is my account balance today',
      'the refund went to my card',
      'please check the balance on my plan',
    ],
  },
  {
    name: 'zurich-claims',
    baseModelName: 'en-US_Telephony',
    words: [{ word: 'zurich', sounds_like: ['zoo rick'], display_as: 'Zurich' }],
    corpus: { name: 'claims', text: 'my zurich claim was filed.\nthe zurich office called back.\n' },
    sentences: [
      'my zurich claim number please',
      'the zurich office called me',
      'is zurich covering the claim',
      'zurich sent the letter',
    ],
  },
] as const;

/**
 * How the simulated models hear: the next-generation model mis-hears "refund" and "balance"; the
 * large speech model hears those and most words right but never "zurich", which one team says all
 * the time.
 */
const profiles = [
  { baseModel: 'en-US_Telephony', confuses: { refund: 'refined', balance: 'valance' } },
  { baseModel: 'en-US', drops: ['zurich'] },
];

export interface MigrationWorld {
  /** The sources, by name, with their customization ids. */
  readonly sources: Readonly<Record<string, string>>;
  /** `<dir>/corpora/<model name>/<corpus>.txt`: the operator's copies of the corpora. */
  readonly corpusStore: string;
  /** `<dir>/test-sets/<model name>/`: one test set per source. */
  readonly testSets: string;
  /** The test set of each source, by customization id. */
  readonly testSetByModel: Readonly<Record<string, string>>;
}

/**
 * Creates the two sources on the simulator through IBM's API (words, a corpus, training) and writes
 * their corpora and test sets under `dir`. `letTimePass` lets an analysis or a training end (an hour
 * of simulated time).
 */
export async function seedMigrationWorld(
  simulator: RunningSimulator,
  dir: string,
  letTimePass: () => Promise<void>,
): Promise<MigrationWorld> {
  const sdk = new SpeechToTextV1({ authenticator: new NoAuthAuthenticator(), serviceUrl: simulator.url });
  simulator.addRecognitionProfiles(profiles.map((p) => ({ ...p })));
  const ids: Record<string, string> = {};
  const testSetByModel: Record<string, string> = {};
  const corpusStore = path.join(dir, 'corpora');
  const testSets = path.join(dir, 'test-sets');
  for (const [setIndex, source] of sources.entries()) {
    const { result } = await sdk.createLanguageModel({
      name: source.name,
      baseModelName: source.baseModelName,
    });
    const id = result.customization_id;
    ids[source.name] = id;
    testSetByModel[id] = source.name;
    await sdk.addWords({
      customizationId: id,
      words: source.words.map((w) => ({ ...w, sounds_like: [...w.sounds_like] })),
    });
    await sdk.addCorpus({
      customizationId: id,
      corpusName: source.corpus.name,
      corpusFile: Buffer.from(source.corpus.text),
    });
    mkdirSync(path.join(corpusStore, source.name), { recursive: true });
    writeFileSync(path.join(corpusStore, source.name, `${source.corpus.name}.txt`), source.corpus.text);
    await letTimePass();
    await sdk.trainLanguageModel({ customizationId: id });
    await letTimePass();
    const { status } = (await sdk.getLanguageModel({ customizationId: id })).result;
    if (status !== 'available') throw new Error(`source ${source.name} did not finish training: ${status}`);
    const folder = path.join(testSets, source.name);
    mkdirSync(path.join(folder, 'calls'), { recursive: true });
    const lines = source.sentences.map((reference, index) => {
      const audio = `calls/${index + 1}.wav`;
      const wav = generateWav({ seconds: 2, seed: 5000 + 100 * setIndex + index });
      writeFileSync(path.join(folder, audio), wav);
      simulator.addRecognitionReferences([{ sha256: audioSha256(wav), text: reference }]);
      return JSON.stringify({ audio, reference, contentType: 'audio/wav' });
    });
    writeFileSync(path.join(folder, 'manifest.jsonl'), `${lines.join('\n')}\n`);
  }
  return { sources: ids, corpusStore, testSets, testSetByModel };
}
