import type { CustomModel } from '../model/custom-model.js';
import type { CarriedWord, SourceWord } from './carried-words.js';

/** A corpus of a language model as IBM reports it. */
export interface CorpusState {
  readonly name: string;
  readonly status: 'analyzed' | 'being_processed' | 'undetermined';
  readonly totalWords: number;
  readonly error: string | undefined;
}

/**
 * What a migration needs from IBM besides `SttService`: reading a source's resources and building
 * the new model. Every method rejects with an `SttError` carrying a stable name.
 */
export interface MigrationStt {
  listLanguageModels(): Promise<CustomModel[]>;
  getLanguageModel(customizationId: string): Promise<CustomModel>;
  listWords(customizationId: string): Promise<SourceWord[]>;
  listCorpora(customizationId: string): Promise<CorpusState[]>;
  /** Grammar names; only previous- and next-generation models have grammars. */
  listGrammars(customizationId: string): Promise<string[]>;
  /** Returns the new customization id. Not idempotent: a lost answer is read back by description. */
  createLanguageModel(model: { name: string; baseModelName: string; description: string }): Promise<string>;
  addWords(customizationId: string, words: readonly CarriedWord[]): Promise<void>;
  addCorpus(customizationId: string, name: string, text: string, overwrite: boolean): Promise<void>;
  trainLanguageModel(customizationId: string, options: { strict: boolean }): Promise<void>;
}

/** The operator's own copies of corpus text: IBM cannot give it back. */
export interface CorpusStore {
  /** Corpus files stored under the model's id, or else under its name. */
  list(model: {
    readonly customizationId: string;
    readonly name: string;
  }): Promise<{ fileName: string; location: string }[]>;
  read(location: string): Promise<string>;
}
