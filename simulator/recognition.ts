import type { BaseModel } from './catalog.js';
import { ApiError, SimulatorMessages } from './messages.js';
import type { SimModel } from './model.js';
import { recognitionAudioSeconds } from './recognition-audio.js';
import { audioSha256, type RecognitionBook } from './recognition-book.js';
import type { ModelStore } from './store.js';
import { type RecognitionResult, transcribe } from './transcripts.js';

/** IBM's model when the request names none. */
const defaultModel = 'en-US_BroadbandModel';

export interface RecognitionContext {
  readonly store: ModelStore;
  readonly book: RecognitionBook;
  readonly seed: number;
  readonly onUnregisteredAudio?: (sha256: string) => void;
}

export interface RecognitionAnswer {
  result_index: number;
  results: RecognitionResult[];
  warnings?: string[];
}

function param(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null || value === '' ? undefined : value;
}

function customization(
  store: ModelStore,
  id: string | undefined,
  kind: 'language' | 'acoustic',
  base: BaseModel,
) {
  if (id === undefined) return undefined;
  const model = store.require(id, kind);
  if (model.baseModelName !== base.name) {
    throw new ApiError(400, SimulatorMessages.customizationOfOtherModel(id, model.baseModelName, base.name));
  }
  return model;
}

function releaseIndex(base: BaseModel, fullVersion: string): number {
  return base.versions.indexOf(fullVersion.slice(base.name.length + 1));
}

/** The version recognition uses: the requested one (which every customization must have), else the newest they share. */
function chooseVersion(base: BaseModel, customs: readonly SimModel[], requested: string | undefined): string {
  if (customs.length === 0) {
    if (requested === undefined) return `${base.name}.${base.versions.at(-1)}`;
    if (releaseIndex(base, requested) < 0)
      throw new ApiError(400, SimulatorMessages.baseVersionUnknown(requested, base.name));
    return requested;
  }
  if (requested !== undefined) {
    for (const m of customs) {
      if (!m.versions.includes(requested))
        throw new ApiError(400, SimulatorMessages.baseVersionNotInModel(requested, m.id, m.versions));
    }
    return requested;
  }
  const [first, ...others] = customs as [SimModel, ...SimModel[]];
  const shared = first.versions.filter((v) => others.every((m) => m.versions.includes(v)));
  const newest = shared.sort((a, b) => releaseIndex(base, a) - releaseIndex(base, b)).at(-1);
  if (newest === undefined)
    throw new ApiError(400, SimulatorMessages.noCommonBaseVersion(first.id, others[0]?.id ?? ''));
  return newest;
}

/**
 * The weight recognition uses, as part of the transcript's key: empty for the base model family's
 * default (0.5 on large speech models), so that sending the default changes nothing, as at IBM.
 */
function weightOf(query: URLSearchParams, base: BaseModel): string {
  const text = param(query, 'customization_weight');
  if (text === undefined) return '';
  const weight = Number(text);
  if (!Number.isFinite(weight) || weight < 0 || weight > 1)
    throw new ApiError(400, SimulatorMessages.badCustomizationWeight(text));
  return weight === base.defaultCustomizationWeight ? '' : String(weight);
}

/** Large speech models refuse what they do not have: acoustic customization and grammars. */
function refuseUnsupported(query: URLSearchParams, base: BaseModel): void {
  if (base.family !== 'large-speech-model') return;
  if (param(query, 'acoustic_customization_id') !== undefined)
    throw new ApiError(400, SimulatorMessages.lsmNoAcousticCustomization);
  if (param(query, 'grammar_name') !== undefined) throw new ApiError(400, SimulatorMessages.lsmNoGrammars);
}

/**
 * `POST /v1/recognize`. A withdrawn version runs the base model's newest version without the
 * customization and warns; a customization on an older version than the newest warns that it is
 * behind. Every other query parameter IBM knows is accepted and ignored.
 */
export function recognize(
  ctx: RecognitionContext,
  query: URLSearchParams,
  contentType: string | undefined,
  audio: Buffer,
): RecognitionAnswer {
  const seconds = recognitionAudioSeconds(audio, contentType);
  const modelName = param(query, 'model') ?? defaultModel;
  const base = ctx.store.catalog.get(modelName);
  if (!base) throw new ApiError(400, SimulatorMessages.unknownBaseModel(modelName));
  refuseUnsupported(query, base);
  const languageId = param(query, 'language_customization_id') ?? param(query, 'customization_id');
  const language = customization(ctx.store, languageId, 'language', base);
  const acoustic = customization(ctx.store, param(query, 'acoustic_customization_id'), 'acoustic', base);
  const customs = [language, acoustic].filter((m): m is SimModel => m !== undefined);
  const weight = weightOf(query, base);
  let version = chooseVersion(base, customs, param(query, 'base_model_version'));
  let used = customs;
  const warnings: string[] = [];
  if (customs.length > 0 && base.withdrawnVersions.includes(version.slice(base.name.length + 1))) {
    for (const m of customs) warnings.push(SimulatorMessages.nonCustomizedWarning(m.kind));
    used = [];
    version = `${base.name}.${base.versions.filter((v) => !base.withdrawnVersions.includes(v)).at(-1)}`;
  } else if (customs.length > 0 && releaseIndex(base, version) < base.versions.length - 1) {
    warnings.push(SimulatorMessages.previousBaseVersionWarning);
  }
  const hash = audioSha256(audio);
  const reference = ctx.book.reference(hash);
  if (reference === undefined) ctx.onUnregisteredAudio?.(hash);
  const results = transcribe({
    reference,
    audioSeconds: seconds,
    profile: ctx.book.effectiveProfile(
      base.name,
      version.slice(base.name.length + 1),
      used.map((m) => m.id),
    ),
    previousGeneration: base.family === 'previous-generation',
    key: [ctx.seed, hash, version, ...used.map((m) => m.id), weight].join('|'),
  });
  ctx.book.bill(seconds);
  return { result_index: 0, results, ...(warnings.length > 0 ? { warnings } : {}) };
}
