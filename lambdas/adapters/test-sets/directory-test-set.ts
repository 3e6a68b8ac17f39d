import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError } from '#core/contract/errors.js';
import {
  audioSizeProblem,
  parseTestSetManifest,
  TEST_SET_MANIFEST,
  type TestSetUtterance,
} from '#core/verification/test-set.js';
import { distinctAudio, type TestSetSource, throwAudioProblems } from './test-set-source.js';

/** A test set in a local directory: `manifest.jsonl` with audio paths relative to the directory. */
export class DirectoryTestSet implements TestSetSource {
  readonly location: string;

  constructor(directory: string) {
    this.location = path.resolve(directory);
  }

  async readManifest(): Promise<TestSetUtterance[]> {
    const file = path.join(this.location, TEST_SET_MANIFEST);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new InvalidInputError(`Test set ${this.location}`, [
        `${TEST_SET_MANIFEST}: ${fileProblem(error)}`,
      ]);
    }
    return parseTestSetManifest(text, file);
  }

  readAudio(audio: string): Promise<Uint8Array> {
    return readFile(this.pathOf(audio));
  }

  async checkAudio(utterances: readonly TestSetUtterance[]): Promise<void> {
    const problems = await Promise.all(
      distinctAudio(utterances).map(async (audio) => {
        const problem = await this.audioProblem(audio);
        return problem === undefined ? undefined : `${audio}: ${problem}`;
      }),
    );
    throwAudioProblems(this.location, problems);
  }

  private async audioProblem(audio: string): Promise<string | undefined> {
    const file = this.pathOf(audio);
    try {
      const info = await stat(file);
      if (!info.isFile()) return 'is not a file';
      await access(file, constants.R_OK);
      return audioSizeProblem(info.size);
    } catch (error) {
      return fileProblem(error);
    }
  }

  /** Manifest paths use `/`; the parser has already kept them inside the set. */
  private pathOf(audio: string): string {
    return path.join(this.location, ...audio.split('/'));
  }
}

function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
  if (code === 'EACCES' || code === 'EPERM') return 'not readable (permission denied)';
  return `not readable (${(error as Error).message})`;
}
