/**
 * IBM's vocabulary for custom and base models, as its API and documentation give it. The simulator
 * keeps its own copy rather than the upgrader's types: it stands in for IBM, so a change to the
 * upgrader must not silently change what the simulated IBM does.
 */

/** Which API holds a custom model: `/v1/customizations` (language) or `/v1/acoustic_customizations`. */
export type CustomModelKind = 'language' | 'acoustic';

/** The `status` IBM reports for a custom model. */
export type CustomModelStatus = 'pending' | 'ready' | 'training' | 'available' | 'upgrading' | 'failed';

/**
 * IBM's base model families. Previous-generation names end in `BroadbandModel` or `NarrowbandModel`;
 * a large speech model is named by its locale; which next-generation models are "improved" (upgraded by
 * retraining) is not in the name.
 */
export type BaseModelFamily =
  | 'previous-generation'
  | 'next-generation'
  | 'improved-next-generation'
  | 'large-speech-model';

/** The locales of IBM's "Large speech languages and models" table; each is also the model's name. */
export const LARGE_SPEECH_MODEL_NAMES: readonly string[] =
  'de-DE en-AU en-GB en-IN en-US es-AR es-CL es-CO es-ES es-MX es-PE fr-CA fr-FR it-IT ja-JP nl-NL pt-BR pt-PT'.split(
    ' ',
  );

/** What IBM lets a custom model of a family do, and the weight recognition gives it by default. */
export interface FamilyRules {
  /** Custom acoustic models: previous-generation base models only. */
  readonly acousticCustomization: boolean;
  /** Grammars: every family but large speech models. */
  readonly grammars: boolean;
  /** `customization_weight` when neither the request nor the custom model sets one. */
  readonly defaultCustomizationWeight: number;
}

const rulesByFamily: Readonly<Record<BaseModelFamily, FamilyRules>> = {
  'previous-generation': { acousticCustomization: true, grammars: true, defaultCustomizationWeight: 0.3 },
  'next-generation': { acousticCustomization: false, grammars: true, defaultCustomizationWeight: 0.2 },
  'improved-next-generation': {
    acousticCustomization: false,
    grammars: true,
    defaultCustomizationWeight: 0.1,
  },
  'large-speech-model': { acousticCustomization: false, grammars: false, defaultCustomizationWeight: 0.5 },
};

/** The family of a base model; `improved` says whether IBM upgrades its custom models by retraining. */
export function baseModelFamily(name: string, improved: boolean): BaseModelFamily {
  if (LARGE_SPEECH_MODEL_NAMES.includes(name)) return 'large-speech-model';
  if (/_(?:Broadband|Narrowband)Model$/.test(name)) return 'previous-generation';
  return improved ? 'improved-next-generation' : 'next-generation';
}

export function familyRules(family: BaseModelFamily): FamilyRules {
  return rulesByFamily[family];
}
