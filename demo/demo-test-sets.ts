import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestSetMapping } from '#core/settings/instance-settings.js';
import type { FleetSeed, RecognitionProfileInput, RecognitionReferences } from '#simulator/index.js';
import { audioSha256, generateWav } from '#simulator/index.js';

/**
 * The demo's test sets: short generated recordings of what two demo models' callers say. The
 * simulator hears each recording as its reference text, except where a base model version's error
 * profile mis-hears a word, which is how the demo shows one upgrade passing and one regressing.
 */
interface DemoTestSet {
  /** The demo model (by name) the set verifies; the set has the same name. */
  readonly model: string;
  readonly sentences: readonly string[];
}

const demoTestSets: readonly DemoTestSet[] = [
  {
    model: 'support-calls',
    sentences: [
      'i would like a refund for my order',
      'my card was charged twice this month',
      'please reset the password on my account',
      'the parcel never arrived at my house',
    ],
  },
  {
    model: 'claims-vocabulary',
    sentences: [
      'i want to check my claim status',
      'the claim number is on the letter',
      'can you send the claim form again',
      'when will i get my refund please',
    ],
  },
];

/**
 * Which words the demo's base model mis-hears before and after its update (bare versions such as
 * `v2020-01-16`).
 */
export function demoRecognitionProfiles(
  baseModel: string,
  oldVersion: string,
  newVersion: string,
): RecognitionProfileInput[] {
  return [
    // The old version mis-heard "refund"; the new one hears it, so support-calls improves.
    { baseModel, version: oldVersion, confuses: { refund: 'refined' } },
    // The new version drops "claim", which claims-vocabulary's callers say all the time.
    { baseModel, version: newVersion, drops: ['claim'] },
  ];
}

/** Test sets written for one demo run, and what the simulator must be told to hear them. */
export interface DemoTestSets {
  readonly directory: string;
  readonly mapping: Pick<TestSetMapping, 'byModel'>;
  readonly references: RecognitionReferences['references'];
  remove(): void;
}

/**
 * Writes the demo's test sets (manifest and WAV audio) into a fresh temporary directory and maps
 * each to its model in the demo fleet. The audio is generated from fixed seeds, so every run has
 * the same recordings.
 */
export function writeDemoTestSets(fleet: FleetSeed): DemoTestSets {
  const directory = mkdtempSync(path.join(tmpdir(), 'stt-upgrader-demo-test-sets-'));
  const byModel: Record<string, string> = {};
  const references: RecognitionReferences['references'] = [];
  demoTestSets.forEach((set, setIndex) => {
    const model = fleet.languageModels?.find((m) => m.name === set.model);
    if (!model?.customizationId) throw new Error(`the demo fleet has no language model named ${set.model}`);
    byModel[model.customizationId] = set.model;
    const folder = path.join(directory, set.model);
    mkdirSync(path.join(folder, 'calls'), { recursive: true });
    const lines = set.sentences.map((reference, index) => {
      const audio = `calls/${String(index + 1).padStart(4, '0')}.wav`;
      const wav = generateWav({ seconds: 2, seed: 1000 * (setIndex + 1) + index });
      writeFileSync(path.join(folder, audio), wav);
      references.push({ sha256: audioSha256(wav), text: reference });
      return JSON.stringify({ audio, reference, contentType: 'audio/wav' });
    });
    writeFileSync(path.join(folder, 'manifest.jsonl'), `${lines.join('\n')}\n`);
  });
  return {
    directory,
    mapping: { byModel },
    references,
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}
