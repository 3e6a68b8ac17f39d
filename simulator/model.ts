import type { CustomModelKind, CustomModelStatus } from './ibm-models.js';

/** IBM describes a word's problem as `{ "<element>": "<message>" }` entries. */
export type WordError = Readonly<Record<string, string>>;

export interface WordEntry {
  readonly word: string;
  readonly sounds_like: string[];
  readonly display_as: string;
  readonly source: string[];
  /** Present when the word is invalid: training fails on it unless `strict=false`. */
  readonly error?: WordError[];
}

/** `undetermined` is IBM's status for a corpus or grammar it could not analyse. */
export type ResourceStatus = 'analyzed' | 'being_processed' | 'undetermined';

export interface CorpusEntry {
  readonly name: string;
  readonly total_words: number;
  readonly out_of_vocabulary_words: number;
  readonly status: ResourceStatus;
  readonly error?: string;
}

export interface GrammarEntry {
  readonly name: string;
  readonly out_of_vocabulary_words: number;
  readonly status: ResourceStatus;
  readonly error?: string;
}

export interface AudioEntry {
  readonly name: string;
  /** Seconds. */
  readonly duration: number;
  readonly status: 'ok';
  readonly details: { readonly type: 'audio'; readonly codec: string; readonly frequency: number };
}

/** Work the service is doing on a model: it ends at `until` (simulator clock) and then applies its effects. */
export interface PendingWork {
  readonly kind: 'training' | 'upgrading';
  readonly until: number;
  /** The status the model returns to when the work succeeds. */
  readonly resumeStatus: CustomModelStatus;
  /** Full version string the model gains when the work succeeds. */
  readonly addVersion: string | undefined;
  /** The language model (and its version) an acoustic upgrade or training used. */
  readonly withLanguageModel: string | undefined;
  /** Set when a fault says this work must end in status `failed`. */
  readonly failWith: string | undefined;
}

/** A corpus IBM is analysing: until then the model takes no other corpus, no words and no training. */
export interface CorpusAnalysis {
  readonly corpus: string;
  readonly until: number;
  readonly totalWords: number;
  /** Distinct words of the corpus, added to the words resource when the analysis succeeds. */
  readonly words: readonly string[];
  /** IBM's error text when the analysis ends `undetermined`. */
  readonly failWith: string | undefined;
}

/** One simulated custom model, language or acoustic, with everything the rules need. */
export interface SimModel {
  readonly kind: CustomModelKind;
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly baseModelName: string;
  readonly language: string;
  readonly dialect: string;
  readonly owner: string;
  readonly created: number;
  updated: number;
  versions: string[];
  status: CustomModelStatus;
  /** IBM's error text after a failed upgrade or training. */
  error: string | undefined;
  /** Words the seed said the model has, not materialized until listed. */
  seededWords: number;
  readonly words: Map<string, WordEntry>;
  readonly corpora: Map<string, CorpusEntry>;
  readonly grammars: Map<string, GrammarEntry>;
  readonly audio: Map<string, AudioEntry>;
  /** Sum of `audio` durations in seconds, kept so size checks stay O(1). */
  audioSeconds: number;
  work: PendingWork | undefined;
  analysis: CorpusAnalysis | undefined;
  /** The custom language model this acoustic model was trained with, if the service knows it. */
  trainedWithLanguageModel: string | undefined;
  /** When true, an acoustic upgrade with a language model needs `force=true`. */
  unmodifiedSinceTraining: boolean;
  /** `<language model id> <version>` of the last completed acoustic upgrade with a language model. */
  upgradedWithLanguageModel: string | undefined;
  /** Completed or started upgrades and trainings, so each gets its own duration spread. */
  workCount: number;
}

export function wordCount(model: SimModel): number {
  return model.seededWords + model.words.size;
}

export function hasData(model: SimModel): boolean {
  return model.kind === 'language'
    ? wordCount(model) > 0 || model.corpora.size > 0 || model.grammars.size > 0
    : model.audioSeconds > 0;
}

export function isBusy(model: SimModel): boolean {
  return model.status === 'training' || model.status === 'upgrading' || model.analysis !== undefined;
}
