import { InvalidInputError } from '#core/contract/errors.js';
import type { TestSetUtterance } from '#core/verification/test-set.js';

/** Where a test set is kept: a local directory, or an S3 bucket and prefix. */
export interface TestSetSource {
  /** The directory or `s3://bucket/prefix/`, as messages name it. */
  readonly location: string;
  /** The parsed manifest; `InvalidInput` when it is missing or a line is bad. */
  readManifest(): Promise<TestSetUtterance[]>;
  /** One audio file's bytes, by its manifest path. */
  readAudio(audio: string): Promise<Uint8Array>;
  /**
   * Checks that every audio file exists, is readable and is a size `/v1/recognize` takes:
   * `InvalidInput` naming each file that is not, so nothing is recognised from a broken set.
   */
  checkAudio(utterances: readonly TestSetUtterance[]): Promise<void>;
}

/** The manifest of a test set whose audio files were all checked: safe to start recognising. */
export async function loadTestSet(source: TestSetSource): Promise<TestSetUtterance[]> {
  const utterances = await source.readManifest();
  await source.checkAudio(utterances);
  return utterances;
}

/** The audio paths of a manifest, each once, in manifest order. */
export function distinctAudio(utterances: readonly TestSetUtterance[]): string[] {
  return [...new Set(utterances.map((utterance) => utterance.audio))];
}

/** Throws `InvalidInput` for the set when any audio file has a problem; one issue per file. */
export function throwAudioProblems(location: string, problems: readonly (string | undefined)[]): void {
  const issues = problems.filter((problem): problem is string => problem !== undefined);
  if (issues.length > 0) throw new InvalidInputError(`Test set ${location}`, issues);
}
