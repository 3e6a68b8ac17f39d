import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NoAuthAuthenticator } from 'ibm-watson/auth/index.js';
import SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';
import { audioSha256, generateWav, type RunningSimulator } from '#simulator/index.js';

/** Two next-generation models to move to `en-US`: on its own test set, one comes out better and one worse. */
const sources = [
  {
    customizationId: 'c0ffee00-0017-4000-8000-000000000001',
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
    customizationId: 'c0ffee00-0017-4000-8000-000000000002',
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

/** Each source's test set, by customization id: known before the sources exist, so a config can name them. */
export const migrationTestSetByModel: Readonly<Record<string, string>> = Object.fromEntries(
  sources.map((s) => [s.customizationId, s.name]),
);

export interface MigrationWorld {
  /** The sources, by name, with their customization ids. */
  readonly sources: Readonly<Record<string, string>>;
  /** `<corpus store>/<model name>/<corpus>.txt`: the operator's copies of the corpora. */
  readonly corpusStore: string;
  /** `<test sets>/<model name>/`: one test set per source. */
  readonly testSets: string;
  /** The test set of each source, by customization id. */
  readonly testSetByModel: Readonly<Record<string, string>>;
}

/**
 * Creates the two sources on the simulator (empty, then words, a corpus and training through IBM's
 * API) and writes their corpora and test sets under the two directories. `letTimePass` lets an
 * analysis or a training end (three simulated minutes are enough).
 */
export async function seedMigrationWorld(
  simulator: RunningSimulator,
  dirs: { readonly corpusStore: string; readonly testSets: string },
  letTimePass: () => Promise<void>,
): Promise<MigrationWorld> {
  const sdk = new SpeechToTextV1({ authenticator: new NoAuthAuthenticator(), serviceUrl: simulator.url });
  simulator.addRecognitionProfiles(profiles.map((p) => ({ ...p })));
  const ids: Record<string, string> = {};
  const testSetByModel: Record<string, string> = {};
  const { corpusStore, testSets } = dirs;
  for (const [setIndex, source] of sources.entries()) {
    simulator.seedFleet({
      languageModels: [
        { customizationId: source.customizationId, name: source.name, baseModelName: source.baseModelName },
      ],
    });
    const id = source.customizationId;
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
