/** The two kinds of custom model the upgrader handles. */
export type ModelKind = 'language' | 'acoustic';

/** Statuses IBM reports for a custom model. `progress` is not used: decide on status alone. */
export type ModelStatus = 'pending' | 'ready' | 'training' | 'available' | 'upgrading' | 'failed';

/** A custom language or acoustic model as the upgrader sees it, whatever client fetched it. */
export interface CustomModel {
  readonly kind: ModelKind;
  readonly customizationId: string;
  readonly name: string;
  readonly baseModelName: string;
  /** Base-model versions this model exists for, e.g. `en-US_BroadbandModel.v2020-01-16`. Unsorted. */
  readonly versions: readonly string[];
  readonly status: ModelStatus;
  /** ISO timestamp of the last change; used to see the second acoustic upgrade step finish. */
  readonly updated: string | undefined;
  readonly created: string | undefined;
  readonly language: string | undefined;
  /** IBM's `error` text for a model in status `failed`, or its `warnings`. */
  readonly error: string | undefined;
  /** Set at creation and never changed by IBM; a migration writes the source's id in it. */
  readonly description?: string;
}

/** The audio resources of an acoustic model, as far as upgrade planning needs them. */
export interface AudioSummary {
  /** Minutes of valid audio (IBM counts only audio with status `ok`). */
  readonly totalMinutesOfAudio: number;
  readonly resourceCount: number;
}

/** The resources of a language model, as far as sizing and training need them. */
export interface LanguageResources {
  /** Words in its corpora plus its custom words: upgrade and training time grow with them. */
  readonly totalWords: number;
  /** Corpora, words and grammars IBM could not use: training with them would fail the model. */
  readonly invalid: readonly InvalidResource[];
}

export interface InvalidResource {
  readonly kind: 'corpus' | 'word' | 'grammar';
  readonly name: string;
  readonly error: string;
}

/** Which resources of a language model exist to be listed. */
export interface ResourceListing {
  readonly grammars: boolean;
}

/** Options of a language-model training request. */
export interface TrainOptions {
  /** IBM Cloud only: train even when nothing changed, which upgrades an improved next-generation model. */
  readonly force?: boolean;
  /** `false`: train on the valid resources and warn about the rest, instead of failing the model. */
  readonly strict?: boolean;
}

/** Options of an acoustic-model upgrade request. */
export interface AcousticUpgradeOptions {
  /** Second step for a model trained with a custom language model. */
  readonly customLanguageModelId?: string;
  /** Only after IBM answered "No input data modified since last training". */
  readonly force?: boolean;
}

/**
 * What the upgrader needs from IBM Speech to Text. Implemented over the official SDK in
 * `adapters/stt`; every method rejects with an `SttError` carrying a stable name.
 */
export interface SttService {
  listLanguageModels(): Promise<CustomModel[]>;
  listAcousticModels(): Promise<CustomModel[]>;
  getLanguageModel(customizationId: string): Promise<CustomModel>;
  getAcousticModel(customizationId: string): Promise<CustomModel>;
  listAudio(acousticCustomizationId: string): Promise<AudioSummary>;
  /**
   * Lists the language model's corpora, words and, where its family has them, grammars (IBM refuses
   * grammar requests on large speech models).
   */
  languageResources(languageCustomizationId: string, listing: ResourceListing): Promise<LanguageResources>;
  upgradeLanguageModel(customizationId: string): Promise<void>;
  upgradeAcousticModel(customizationId: string, options?: AcousticUpgradeOptions): Promise<void>;
  /** Upgrade path for models on *improved* next-generation base models. */
  trainLanguageModel(customizationId: string, options?: TrainOptions): Promise<void>;
}
