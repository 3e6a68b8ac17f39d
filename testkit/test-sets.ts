import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { audioSha256, generateWav } from '#simulator/index.js';

/** What the simulator must be told so that it recognises the generated recordings as their texts. */
export interface RecognitionReference {
  readonly sha256: string;
  readonly text: string;
}

/**
 * A test set named `name` under `directory`: one generated recording of `seconds` per text, seeded
 * from `seed`, and its manifest. Returns the references to give the simulator.
 */
export function writeTestSet(
  directory: string,
  name: string,
  texts: readonly string[],
  options: { readonly seconds: number; readonly seed: number },
): RecognitionReference[] {
  const folder = path.join(directory, name);
  mkdirSync(folder, { recursive: true });
  const references: RecognitionReference[] = [];
  const lines = texts.map((text, n) => {
    const audio = generateWav({ seconds: options.seconds, seed: options.seed + n });
    writeFileSync(path.join(folder, `${n}.wav`), audio);
    references.push({ sha256: audioSha256(audio), text });
    return JSON.stringify({ audio: `${n}.wav`, reference: text, contentType: 'audio/wav' });
  });
  writeFileSync(path.join(folder, 'manifest.jsonl'), `${lines.join('\n')}\n`);
  return references;
}

/** A test set whose manifest names a recording that is not there: verifying with it is invalid. */
export function writeBrokenTestSet(directory: string, name: string): void {
  mkdirSync(path.join(directory, name), { recursive: true });
  writeFileSync(
    path.join(directory, name, 'manifest.jsonl'),
    `${JSON.stringify({ audio: 'gone.wav', reference: 'hello' })}\n`,
  );
}
