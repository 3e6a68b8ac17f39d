import type { CustomModel } from '../model/custom-model.js';
import type { CarriedWord, SourceWord } from './carried-words.js';
import type {
  MigrationFleetItem,
  MigrationFleetPlan,
  MigrationFleetRun,
  MigrationFleetSummary,
} from './fleet.js';
import type { MigrationRecord } from './migration-record.js';

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

/** Migrations recorded per instance, one record per source model, rewritten whole as it moves on. */
export interface MigrationRecords {
  get(instanceId: string, sourceId: string): Promise<MigrationRecord | undefined>;
  /** Writes the record whole; a retried write of the same record changes nothing. */
  put(record: MigrationRecord): Promise<MigrationRecord>;
  /** The migrations of one instance, by source id. */
  ofInstance(instanceId: string): Promise<MigrationRecord[]>;
  /** A migration fleet run's record, read consistently. */
  fleetRun(fleetRunId: string): Promise<MigrationFleetRun | undefined>;
  /** Writes the pages, then the run record; a retried planner writes the same pages again. */
  recordFleetPlan(
    run: { fleetRunId: string; startedAt: string; plan: MigrationFleetPlan },
    pages: readonly MigrationFleetItem[][],
  ): Promise<MigrationFleetRun>;
  fleetPage(fleetRunId: string, page: number): Promise<MigrationFleetItem[]>;
  finishFleetRun(
    run: MigrationFleetRun,
    summary: MigrationFleetSummary,
    finishedAt: string,
  ): Promise<MigrationFleetRun>;
}
