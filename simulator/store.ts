import type { BaseModelCatalog } from './catalog.js';
import type { SimulatorClock } from './clock.js';
import type { CustomModelKind, CustomModelStatus } from './ibm-models.js';
import { ApiError, SimulatorMessages } from './messages.js';
import { hasData, isBusy, type PendingWork, type SimModel, wordCount } from './model.js';
import { hashFraction, type SeededRandom } from './random.js';

/** A custom model as `GET /v1/customizations/{id}` or `GET /v1/acoustic_customizations/{id}` returns it. */
export interface SimulatedModelSnapshot {
  customization_id: string;
  created: string;
  updated: string;
  language: string;
  dialect?: string;
  versions: string[];
  owner: string;
  name: string;
  description: string;
  base_model_name: string;
  status: CustomModelStatus;
  progress: number;
  error?: string;
  warnings?: string;
}

export interface StoreSettings {
  readonly clock: SimulatorClock;
  readonly catalog: BaseModelCatalog;
  readonly ids: SeededRandom;
  readonly seed: number;
  readonly timeScale: number;
  readonly acousticUpgradeRatio: number;
  /** IBM's limit of custom models per instance, per kind. */
  readonly modelLimit: number;
  /** Seconds a corpus analysis takes before time scaling: a base plus a share per thousand words. */
  readonly corpusAnalysis: { readonly baseSeconds: number; readonly secondsPerThousandWords: number };
}

export interface NewModel {
  readonly kind: CustomModelKind;
  readonly id?: string | undefined;
  readonly name: string;
  readonly description?: string | undefined;
  readonly baseModelName: string;
  readonly dialect?: string | undefined;
  readonly version: string;
}

/**
 * Every simulated custom model, by customization id. Pending work is applied lazily: whoever
 * reads a model first settles it against the clock, so there are no timers and a manual clock
 * controls time completely.
 */
export class ModelStore {
  private readonly models = new Map<string, SimModel>();
  private readonly upgrading = new Set<SimModel>();
  private peakUpgrades = 0;
  readonly owner: string;

  constructor(private readonly settings: StoreSettings) {
    this.owner = settings.ids.uuid();
  }

  get catalog(): BaseModelCatalog {
    return this.settings.catalog;
  }

  now(): number {
    return this.settings.clock.now();
  }

  reset(): void {
    this.models.clear();
    this.upgrading.clear();
    this.peakUpgrades = 0;
  }

  has(id: string): boolean {
    return this.models.has(id);
  }

  /** The settled model of that kind, or undefined. */
  find(id: string, kind: CustomModelKind): SimModel | undefined {
    const model = this.models.get(id);
    if (!model || model.kind !== kind) return undefined;
    this.settle(model);
    return model;
  }

  /** The settled model of that kind, or a 404 naming the id. */
  require(id: string, kind: CustomModelKind): SimModel {
    const model = this.find(id, kind);
    if (!model) throw new ApiError(404, SimulatorMessages.notFound(id));
    return model;
  }

  list(kind: CustomModelKind, language: string | undefined): SimModel[] {
    const result: SimModel[] = [];
    for (const model of this.models.values()) {
      if (model.kind !== kind || (language !== undefined && model.language !== language)) continue;
      this.settle(model);
      result.push(model);
    }
    return result;
  }

  /** Creates a model; over IBM's limit of models of that kind it refuses with 400 and creates nothing. */
  create(spec: NewModel): SimModel {
    if (this.count(spec.kind) >= this.settings.modelLimit) {
      throw new ApiError(400, SimulatorMessages.modelLimit(spec.kind, this.settings.modelLimit));
    }
    const id = spec.id ?? this.settings.ids.uuid();
    const now = this.now();
    const language = this.settings.catalog.get(spec.baseModelName)?.language ?? '';
    const model: SimModel = {
      kind: spec.kind,
      id,
      name: spec.name,
      description: spec.description ?? '',
      baseModelName: spec.baseModelName,
      language,
      dialect: spec.dialect ?? language,
      owner: this.owner,
      created: now,
      updated: now,
      versions: [`${spec.baseModelName}.${spec.version}`],
      status: 'pending',
      error: undefined,
      seededWords: 0,
      words: new Map(),
      corpora: new Map(),
      grammars: new Map(),
      audio: new Map(),
      audioSeconds: 0,
      work: undefined,
      analysis: undefined,
      trainedWithLanguageModel: undefined,
      unmodifiedSinceTraining: false,
      upgradedWithLanguageModel: undefined,
      workCount: 0,
    };
    this.models.set(id, model);
    return model;
  }

  delete(model: SimModel): void {
    this.models.delete(model.id);
    this.upgrading.delete(model);
  }

  private count(kind: CustomModelKind): number {
    let count = 0;
    for (const model of this.models.values()) if (model.kind === kind) count += 1;
    return count;
  }

  /** Refuses any request that would change a model while the service works on it (409). */
  assertNotLocked(model: SimModel): void {
    if (model.analysis !== undefined) {
      throw new ApiError(409, SimulatorMessages.corpusBeingProcessed(model.id, model.analysis.corpus));
    }
    if (isBusy(model)) throw new ApiError(409, SimulatorMessages.locked(model.id, model.status));
  }

  /** When a corpus of this many words, added now, is analysed (simulator clock). */
  analysisEnds(totalWords: number): number {
    const { baseSeconds, secondsPerThousandWords } = this.settings.corpusAnalysis;
    const seconds = baseSeconds + (secondsPerThousandWords * totalWords) / 1000;
    return this.now() + (seconds * 1000) / this.settings.timeScale;
  }

  /** The checks every upgrade and training makes first, in IBM's order of precedence. */
  assertWorkable(model: SimModel): void {
    this.assertNotLocked(model);
    if (!hasData(model)) throw new ApiError(400, SimulatorMessages.noData(model.id));
    if (model.status !== 'ready' && model.status !== 'available') {
      throw new ApiError(400, SimulatorMessages.notReady(model.id, model.status));
    }
  }

  /** Seconds of service work an upgrade or training of this model takes, before time scaling. */
  workSeconds(model: SimModel): number {
    const base =
      model.kind === 'language'
        ? 60 + wordCount(model) * 0.05
        : model.audioSeconds * this.settings.acousticUpgradeRatio;
    const spread = 0.8 + 0.4 * hashFraction(`${this.settings.seed}:${model.id}:${model.workCount}`);
    return base * spread;
  }

  /** Puts the model in `training` or `upgrading` until the scaled duration has passed on the clock. */
  startWork(model: SimModel, work: Omit<PendingWork, 'until' | 'resumeStatus'>, seconds: number): void {
    model.workCount += 1;
    model.work = {
      ...work,
      resumeStatus: model.status,
      until: this.now() + (seconds * 1000) / this.settings.timeScale,
    };
    model.status = work.kind;
    model.error = undefined;
    if (work.kind === 'upgrading') this.trackUpgrade(model);
  }

  /** Applies finished work. Called on every read, so effects appear exactly when due. */
  settle(model: SimModel): void {
    this.settleAnalysis(model);
    const work = model.work;
    if (!work || this.now() < work.until) return;
    model.work = undefined;
    model.updated = work.until;
    this.upgrading.delete(model);
    if (work.failWith !== undefined) {
      model.status = 'failed';
      model.error = work.failWith;
      return;
    }
    model.status = work.kind === 'training' ? 'available' : work.resumeStatus;
    if (work.addVersion !== undefined && !model.versions.includes(work.addVersion)) {
      model.versions.push(work.addVersion);
    }
    if (work.kind === 'upgrading' && work.withLanguageModel !== undefined) {
      model.upgradedWithLanguageModel = work.withLanguageModel;
    }
    if (work.kind === 'training' && work.withLanguageModel !== undefined) {
      model.trainedWithLanguageModel = work.withLanguageModel.split(' ')[0];
    }
  }

  stats(): { upgradesInFlight: number; peakUpgradesInFlight: number } {
    for (const model of [...this.upgrading]) this.settle(model);
    return { upgradesInFlight: this.upgrading.size, peakUpgradesInFlight: this.peakUpgrades };
  }

  snapshot(model: SimModel): SimulatedModelSnapshot {
    const json: SimulatedModelSnapshot = {
      customization_id: model.id,
      created: new Date(model.created).toISOString(),
      updated: new Date(model.updated).toISOString(),
      language: model.language,
      ...(model.kind === 'language' ? { dialect: model.dialect } : {}),
      versions: [...model.versions],
      owner: model.owner,
      name: model.name,
      description: model.description,
      base_model_name: model.baseModelName,
      status: model.status,
      progress: model.status === 'available' ? 100 : 0,
    };
    if (model.error !== undefined) {
      // IBM's acoustic model object has no `error` field; it reports problems in `warnings`.
      if (model.kind === 'language') json.error = model.error;
      else json.warnings = model.error;
    }
    return json;
  }

  /**
   * A finished corpus analysis: the corpus `analyzed` (a previous-generation model also lists its new
   * words as out-of-vocabulary words), or `undetermined` with IBM's text.
   */
  private settleAnalysis(model: SimModel): void {
    const analysis = model.analysis;
    if (!analysis || this.now() < analysis.until) return;
    model.analysis = undefined;
    model.updated = analysis.until;
    model.status = 'ready';
    if (analysis.failWith !== undefined) {
      model.corpora.set(analysis.corpus, {
        name: analysis.corpus,
        total_words: 0,
        out_of_vocabulary_words: 0,
        status: 'undetermined',
        error: analysis.failWith,
      });
      return;
    }
    let added = 0;
    // Next-generation and large speech models keep only the words users add (IBM's words resource page).
    const keepsCorpusWords = this.settings.catalog.get(model.baseModelName)?.family === 'previous-generation';
    for (const word of keepsCorpusWords ? analysis.words : []) {
      if (model.words.has(word)) continue;
      model.words.set(word, { word, sounds_like: [], display_as: word, source: [analysis.corpus] });
      added += 1;
    }
    model.corpora.set(analysis.corpus, {
      name: analysis.corpus,
      total_words: analysis.totalWords,
      out_of_vocabulary_words: added,
      status: 'analyzed',
    });
  }

  private trackUpgrade(model: SimModel): void {
    for (const other of [...this.upgrading]) this.settle(other);
    this.upgrading.add(model);
    this.peakUpgrades = Math.max(this.peakUpgrades, this.upgrading.size);
  }
}
