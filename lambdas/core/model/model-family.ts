import type { Platform } from '../settings/instance-settings.js';
import type { ResourceListing } from './custom-model.js';

/**
 * The four families of IBM base models, told apart by name: what IBM lets a custom model of each do,
 * and its recognition defaults. Facts from IBM's customization support, large speech model and
 * upgrade pages.
 */

export type ModelFamily =
  | 'previous-generation'
  | 'next-generation'
  | 'improved-next-generation'
  | 'large-speech-model';

/**
 * Large speech models by locale, as IBM's "Large speech languages and models" table lists them (the
 * model name is the locale). nl-NL and it-IT are listed as models; their customization is undocumented.
 */
export const LARGE_SPEECH_MODEL_LOCALES = [
  'de-DE',
  'en-AU',
  'en-GB',
  'en-IN',
  'en-US',
  'es-AR',
  'es-CL',
  'es-CO',
  'es-ES',
  'es-MX',
  'es-PE',
  'fr-CA',
  'fr-FR',
  'it-IT',
  'ja-JP',
  'nl-NL',
  'pt-BR',
  'pt-PT',
] as const;

export type LargeSpeechModelLocale = (typeof LARGE_SPEECH_MODEL_LOCALES)[number];

const lsmLocales: ReadonlySet<string> = new Set(LARGE_SPEECH_MODEL_LOCALES);

export function isLargeSpeechModel(baseModelName: string): boolean {
  return lsmLocales.has(baseModelName);
}

export function isPreviousGeneration(baseModelName: string): boolean {
  return /_(?:Broadband|Narrowband)Model$/.test(baseModelName);
}

/**
 * The family of a base model. Which next-generation models IBM made "improved" is not in their name:
 * the caller passes the ones it knows (IBM says so when it refuses `upgrade_model` on one).
 */
export function familyOf(
  baseModelName: string,
  improvedBaseModels: ReadonlySet<string> = new Set(),
): ModelFamily {
  if (isLargeSpeechModel(baseModelName)) return 'large-speech-model';
  if (isPreviousGeneration(baseModelName)) return 'previous-generation';
  return improvedBaseModels.has(baseModelName) ? 'improved-next-generation' : 'next-generation';
}

/** How custom models of a family reach a new base model version. */
export type UpgradePath = 'upgrade_model' | 'retrain' | 'none-documented';

export interface FamilyCapabilities {
  /** Custom acoustic models exist for previous-generation models only. */
  readonly acousticCustomization: boolean;
  /** Grammars: previous- and next-generation models only ("N/A" for every large speech model). */
  readonly grammars: boolean;
  readonly upgradePath: UpgradePath;
  /** IBM's default `customization_weight` when a request and the model give none. */
  readonly defaultCustomizationWeight: number;
  /** Recognition parameters IBM lists as unsupported for the family (large speech model page). */
  readonly unsupportedRecognitionParameters: readonly string[];
}

const capabilities: Record<ModelFamily, FamilyCapabilities> = {
  'previous-generation': {
    acousticCustomization: true,
    grammars: true,
    upgradePath: 'upgrade_model',
    defaultCustomizationWeight: 0.3,
    unsupportedRecognitionParameters: [],
  },
  'next-generation': {
    acousticCustomization: false,
    grammars: true,
    upgradePath: 'upgrade_model',
    defaultCustomizationWeight: 0.2,
    unsupportedRecognitionParameters: [],
  },
  'improved-next-generation': {
    acousticCustomization: false,
    grammars: true,
    upgradePath: 'retrain',
    defaultCustomizationWeight: 0.1,
    unsupportedRecognitionParameters: [],
  },
  // IBM documents no upgrade of a large speech model: its improvements arrive without a new version.
  'large-speech-model': {
    acousticCustomization: false,
    grammars: false,
    upgradePath: 'none-documented',
    defaultCustomizationWeight: 0.5,
    unsupportedRecognitionParameters: [
      'acoustic_customization_id',
      'keywords',
      'keywords_threshold',
      'word_alternatives_threshold',
      'grammar_name',
      'character_insertion_bias',
    ],
  },
};

export function capabilitiesOf(family: ModelFamily): FamilyCapabilities {
  return capabilities[family];
}

/** Operations on a custom model that IBM refuses for some families or platforms. */
export type CustomizationOperation = 'acoustic' | 'grammar' | 'train-force';

/**
 * Why IBM would refuse the operation, or null when it is allowed. The upgrader never attempts a
 * refused one: it records this reason instead.
 */
export function refusedOperation(
  operation: CustomizationOperation,
  family: ModelFamily,
  platform: Platform,
): string | null {
  const caps = capabilitiesOf(family);
  if (operation === 'acoustic' && !caps.acousticCustomization)
    return `${familyText[family]} have no acoustic customization`;
  if (operation === 'grammar' && !caps.grammars) return `${familyText[family]} have no grammars`;
  if (operation === 'train-force' && platform === 'cloud-pak')
    return 'Cloud Pak for Data has no train with force';
  return null;
}

export const familyText: Record<ModelFamily, string> = {
  'previous-generation': 'previous-generation models',
  'next-generation': 'next-generation models',
  'improved-next-generation': 'improved next-generation models',
  'large-speech-model': 'large speech models',
};

/** The resources of a language model on this base model that can be listed (no grammars on large speech models). */
export function resourceListingFor(baseModelName: string): ResourceListing {
  return { grammars: capabilitiesOf(familyOf(baseModelName)).grammars };
}
