import { ErrorName } from '../contract/workflow-contract.js';
import type { CustomModel } from '../model/custom-model.js';
import { defaultPollPolicy, expectedUpgradeSeconds } from '../unit/poll-policy.js';
import { type CarriedWord, carryWords, isUserWord, type SourceWord } from './carried-words.js';
import {
  CUSTOM_LANGUAGE_MODEL_LIMIT,
  type MigrationSettings,
  RECOGNITION_PRICE_PER_MINUTE_USD,
} from './migration-settings.js';
import { modelsMigratedFrom, newModelDescription, newModelName } from './new-model.js';
import { lsmTargetFor, MAPPING_SOURCE, needsMigration, type TargetBasis } from './target-mapping.js';

/** A corpus of the source model as IBM lists it. Its text cannot be read back from IBM. */
export interface SourceCorpus {
  readonly name: string;
  readonly totalWords: number;
}

/** A corpus file in the operator's corpus store, under the source model's id or name. */
export interface StoredCorpus {
  /** The file's name; `<corpus>.txt` matches IBM's corpus `<corpus>`. */
  readonly fileName: string;
  /** Where to read it: an S3 key or a path. */
  readonly location: string;
}

/** Everything read about one source model, from IBM and from the corpus store. */
export interface MigrationSource {
  readonly model: CustomModel;
  readonly words: readonly SourceWord[];
  readonly corpora: readonly SourceCorpus[];
  readonly grammars: readonly string[];
  readonly storedCorpora: readonly StoredCorpus[];
  /** Acoustic models the config pairs with this language model. */
  readonly pairedAcousticModels: readonly string[];
  /** Null when none is configured; `problem` says why a configured one cannot be read. */
  readonly testSet: {
    readonly name: string;
    readonly audioMinutes: number | null;
    readonly problem?: string;
  } | null;
}

export interface MigrationPlanInput {
  readonly instanceId: string;
  /** Every custom language model on the instance, LSM ones included: they count towards IBM's limit. */
  readonly languageModels: readonly CustomModel[];
  readonly sources: readonly MigrationSource[];
  readonly settings: MigrationSettings;
}

export interface CarriedCorpus {
  /** The corpus name on the new model: IBM's name on the source when the file matches one. */
  readonly name: string;
  readonly location: string;
}

export interface LeftBehind {
  readonly kind: 'word' | 'corpus' | 'grammar' | 'acoustic-model';
  readonly name: string;
  readonly reason: string;
}

/** `migrate`: create (or resume) and carry; `blocked`: nothing happens until the reason is fixed. */
export type MigrationAction = 'migrate' | 'resume' | 'blocked';

export interface ModelMigrationPlan {
  readonly customizationId: string;
  readonly name: string;
  readonly baseModelName: string;
  readonly target: string | null;
  readonly targetBasis: TargetBasis | null;
  readonly targetNote: string;
  readonly action: MigrationAction;
  readonly blocked?: { readonly error: ErrorName; readonly reason: string };
  readonly newModel: {
    readonly name: string;
    readonly description: string;
    readonly existingId: string | null;
  };
  readonly words: readonly CarriedWord[];
  readonly corpora: readonly CarriedCorpus[];
  readonly leftBehind: readonly LeftBehind[];
  readonly testSet: string | null;
  readonly cost: MigrationCost;
}

export interface MigrationCost {
  readonly trainingMinutes: number;
  /** The test set recognised twice: with the source and with the new model. */
  readonly recognitionMinutes: number;
  readonly usd: number;
}

export interface MigrationPlan {
  readonly instanceId: string;
  readonly limit: number;
  readonly languageModels: number;
  /** Models that can still be created before IBM's limit, before and after this plan. */
  readonly roomBefore: number;
  readonly roomAfter: number;
  readonly models: readonly ModelMigrationPlan[];
  readonly totals: MigrationCost & {
    readonly migrate: number;
    readonly resume: number;
    readonly blocked: number;
  };
}

const GRAMMAR_REASON = 'large speech models do not support grammars';
const ACOUSTIC_REASON = 'large speech models do not support acoustic model customization';

function corpusMatches(stored: StoredCorpus, ibmName: string): boolean {
  return stored.fileName === ibmName || stored.fileName === `${ibmName}.txt`;
}

function carryCorpora(source: MigrationSource): { carried: CarriedCorpus[]; missing: LeftBehind[] } {
  const carried: CarriedCorpus[] = [];
  const missing: LeftBehind[] = [];
  for (const corpus of source.corpora) {
    const stored = source.storedCorpora.find((file) => corpusMatches(file, corpus.name));
    if (stored) carried.push({ name: corpus.name, location: stored.location });
    else
      missing.push({
        kind: 'corpus',
        name: corpus.name,
        reason: `not in the corpus store under ${source.model.customizationId} or ${source.model.name}; IBM cannot give its text back`,
      });
  }
  // Files the operator stored that IBM no longer lists are carried too: they are the operator's own copy.
  for (const stored of source.storedCorpora) {
    if (!source.corpora.some((corpus) => corpusMatches(stored, corpus.name))) {
      carried.push({ name: stored.fileName.replace(/\.txt$/u, ''), location: stored.location });
    }
  }
  carried.sort((a, b) => a.name.localeCompare(b.name));
  return { carried, missing };
}

function costOf(
  source: MigrationSource,
  words: readonly CarriedWord[],
  settings: MigrationSettings,
): MigrationCost {
  const corpusWords = source.corpora.reduce((sum, corpus) => sum + corpus.totalWords, 0);
  const trainingMinutes =
    expectedUpgradeSeconds({ kind: 'language', wordCount: words.length + corpusWords }, defaultPollPolicy) /
    60;
  const recognitionMinutes = 2 * (source.testSet?.audioMinutes ?? 0);
  return {
    trainingMinutes,
    recognitionMinutes,
    usd:
      trainingMinutes * settings.trainingPricePerMinuteUsd +
      recognitionMinutes * RECOGNITION_PRICE_PER_MINUTE_USD,
  };
}

/** Why a model cannot be migrated before anything is created, or undefined. Order: most fundamental first. */
function blockerOf(
  source: MigrationSource,
  target: ReturnType<typeof lsmTargetFor>,
  carriedSomething: boolean,
): { error: ErrorName; reason: string } | undefined {
  if (!target.ok) return { error: ErrorName.NoLsmTarget, reason: target.reason };
  if (!carriedSomething) {
    const what =
      source.grammars.length > 0
        ? 'it has grammars only, which LSMs do not support'
        : 'it has no user words and no corpus in the store';
    return { error: ErrorName.NothingToCarry, reason: `nothing to carry: ${what}` };
  }
  if (source.model.status !== 'available') {
    return {
      error: ErrorName.SourceNotAvailable,
      reason: `the source is '${source.model.status}'; comparing on the test set needs it trained ('available')`,
    };
  }
  if (source.testSet === null) {
    return {
      error: ErrorName.TestSetMissing,
      reason: 'no test set is configured for it, so the new model could not be judged',
    };
  }
  if (source.testSet.problem !== undefined) {
    return {
      error: ErrorName.TestSetMissing,
      reason: `test set ${source.testSet.name} cannot be read: ${source.testSet.problem}`,
    };
  }
  return undefined;
}

function planModel(
  source: MigrationSource,
  input: MigrationPlanInput,
): Omit<ModelMigrationPlan, 'action'> & { existing: boolean } {
  const { model } = source;
  const target = lsmTargetFor(model.baseModelName, input.settings.targets);
  const language = target.ok ? target.target : (model.language ?? model.baseModelName);
  const words = carryWords(source.words, language);
  const corpora = carryCorpora(source);
  const leftBehind: LeftBehind[] = [
    ...words.rejected.map((w) => ({
      kind: 'word' as const,
      name: w.word,
      reason: `IBM would reject it: ${w.reason}`,
    })),
    ...corpora.missing,
    ...source.grammars.map((name) => ({ kind: 'grammar' as const, name, reason: GRAMMAR_REASON })),
    ...source.pairedAcousticModels.map((name) => ({
      kind: 'acoustic-model' as const,
      name,
      reason: ACOUSTIC_REASON,
    })),
  ];
  const corpusWordsLost = source.words.filter((w) => !isUserWord(w)).length;
  if (corpusWordsLost > 0 && corpora.missing.length > 0) {
    leftBehind.push({
      kind: 'word',
      name: `${corpusWordsLost} corpus word(s)`,
      reason: 'they came from corpora missing from the store',
    });
  }
  const existing = target.ok
    ? modelsMigratedFrom(input.languageModels, model.customizationId, target.target)[0]
    : undefined;
  const blocked = blockerOf(source, target, words.carried.length + corpora.carried.length > 0);
  return {
    customizationId: model.customizationId,
    name: model.name,
    baseModelName: model.baseModelName,
    target: target.ok ? target.target : null,
    targetBasis: target.ok ? target.basis : null,
    targetNote: target.ok
      ? [target.basis === 'override' ? 'deploy config override' : MAPPING_SOURCE, target.caveat]
          .filter(Boolean)
          .join('; ')
      : target.reason,
    ...(blocked && { blocked }),
    newModel: {
      name: newModelName(model.name),
      description: newModelDescription(model.customizationId),
      existingId: existing?.customizationId ?? null,
    },
    words: words.carried,
    corpora: corpora.carried,
    leftBehind,
    testSet: source.testSet?.name ?? null,
    cost: costOf(source, words.carried, input.settings),
    existing: existing !== undefined,
  };
}

/**
 * The migration plan of an instance: per previous- or next-generation custom language model, its
 * target, what is carried and what is not, and what it costs. Models already migrated resume; new
 * ones are created while there is room under IBM's limit, in the order given.
 */
export function planMigration(input: MigrationPlanInput): MigrationPlan {
  const roomBefore = Math.max(0, CUSTOM_LANGUAGE_MODEL_LIMIT - input.languageModels.length);
  let room = roomBefore;
  const models: ModelMigrationPlan[] = [];
  for (const source of input.sources.filter((s) => needsMigration(s.model.baseModelName))) {
    const { existing, ...planned } = planModel(source, input);
    if (planned.blocked) {
      models.push({ ...planned, action: 'blocked' });
    } else if (existing) {
      models.push({ ...planned, action: 'resume' });
    } else if (room === 0) {
      models.push({
        ...planned,
        action: 'blocked',
        blocked: {
          error: ErrorName.ModelLimitReached,
          reason: `the instance holds ${input.languageModels.length + (roomBefore - room)} of IBM's ${CUSTOM_LANGUAGE_MODEL_LIMIT} custom language models; delete unused ones to make room`,
        },
      });
    } else {
      room -= 1;
      models.push({ ...planned, action: 'migrate' });
    }
  }
  const counted = models.filter((m) => m.action !== 'blocked');
  return {
    instanceId: input.instanceId,
    limit: CUSTOM_LANGUAGE_MODEL_LIMIT,
    languageModels: input.languageModels.length,
    roomBefore,
    roomAfter: room,
    models,
    totals: {
      trainingMinutes: sum(counted, (m) => m.cost.trainingMinutes),
      recognitionMinutes: sum(counted, (m) => m.cost.recognitionMinutes),
      usd: sum(counted, (m) => m.cost.usd),
      migrate: models.filter((m) => m.action === 'migrate').length,
      resume: models.filter((m) => m.action === 'resume').length,
      blocked: models.filter((m) => m.action === 'blocked').length,
    },
  };
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
