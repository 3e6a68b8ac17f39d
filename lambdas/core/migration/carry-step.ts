import { ErrorName } from '../contract/workflow-contract.js';
import type { CarriedWord, SourceWord } from './carried-words.js';
import type { CorpusState } from './ports.js';
import type { MigrationStop } from './steps.js';

/** The carried words the new model does not list yet: adding a word again only overwrites it. */
export function missingWords<W extends Pick<CarriedWord, 'word'>>(
  carried: readonly W[],
  onModel: readonly Pick<SourceWord, 'word'>[],
): W[] {
  const present = new Set(onModel.map((w) => w.word));
  return carried.filter((w) => !present.has(w.word));
}

/** A 400 to the words request: IBM refused them all, and the migration stops with its text. */
export function wordsRefusal(error: {
  readonly name: string;
  readonly status: number | undefined;
  readonly ibmMessage: string;
}): MigrationStop | undefined {
  if (error.name !== ErrorName.RequestRejected || error.status !== 400) return undefined;
  return {
    action: 'stop',
    error: ErrorName.WordsRejected,
    reason: `IBM refused the words: ${error.ibmMessage}`,
  };
}

/** Words IBM stored with an error: the model trains around them (strict=false) and they are recorded. */
export function rejectedWords(onModel: readonly SourceWord[]): { word: string; reason: string }[] {
  return onModel.filter((w) => w.error !== undefined).map((w) => ({ word: w.word, reason: w.error ?? '' }));
}

/** After a lost answer to an add: a corpus IBM lists, and not as undetermined, was taken. */
export function corpusTaken(onModel: readonly CorpusState[], name: string): boolean {
  return onModel.some((c) => c.name === name && c.status !== 'undetermined');
}
