import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { audioSha256, generateWav } from '#simulator/index.js';

/** What the simulator must be told so that it recognises the generated recordings as their texts. */
export interface RecognitionReference {
  readonly sha256: string;
  readonly text: string;
}

/**
 * A call-centre test set named `calls` under `directory`: `utterances` generated recordings of
 * `secondsPerUtterance` each and their manifest. Returns the references to register with the simulator.
 */
export function writeCallTestSet(
  directory: string,
  options: { readonly utterances: number; readonly secondsPerUtterance: number; readonly seed: number },
): RecognitionReference[] {
  const folder = path.join(directory, 'calls');
  mkdirSync(folder);
  const references: RecognitionReference[] = [];
  const lines = Array.from({ length: options.utterances }, (_, n) => {
    const text = `caller ${n} would like to check the status of claim number ${n}`;
    const audio = generateWav({ seconds: options.secondsPerUtterance, seed: options.seed + n });
    writeFileSync(path.join(folder, `${n}.wav`), audio);
    references.push({ sha256: audioSha256(audio), text });
    return JSON.stringify({ audio: `${n}.wav`, reference: text });
  });
  writeFileSync(path.join(folder, 'manifest.jsonl'), `${lines.join('\n')}\n`);
  return references;
}
