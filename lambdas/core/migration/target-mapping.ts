import { familyOf, isLargeSpeechModel } from '../model/index.js';

/**
 * Which large speech model (LSM) a previous- or next-generation custom language model moves to.
 *
 * IBM publishes no such table. Its migration page ("Migrating to large speech models") says to
 * re-create each custom model on "the equivalent large speech model" and gives one example,
 * `en-US_NarrowbandModel` -> `en-US`. This module pairs every base model with the LSM of its own
 * locale, from IBM's lists of previous-generation, next-generation and large speech models
 * (models.md, models-ng.md, models-large-speech-language.md): an inference, which is why every
 * entry can be overridden per base model in the deploy config.
 */

/** Where a target came from, so the plan can say how sure it is. */
export type TargetBasis = 'override' | 'same-locale';

export type TargetLookup =
  | {
      readonly ok: true;
      readonly target: string;
      readonly basis: TargetBasis;
      /** Set when IBM documents no customization for the target LSM (nl-NL, it-IT). */
      readonly caveat?: string;
    }
  | { readonly ok: false; readonly reason: string };

/** Where the mapping comes from; the plan prints it next to every target. */
export const MAPPING_SOURCE =
  "same-locale LSM, after IBM's migration page (its one example: en-US_NarrowbandModel -> en-US); IBM publishes no table";

/** LSMs that exist but whose customization IBM's custom-support page does not list. */
const lsmsWithUndocumentedCustomization: ReadonlySet<string> = new Set(['nl-NL', 'it-IT']);

/** Whether a custom model on this base model is one IBM tells its owner to re-create on an LSM. */
export function needsMigration(baseModelName: string): boolean {
  return familyOf(baseModelName) !== 'large-speech-model';
}

/**
 * The LSM a base model's custom models move to: the override for that base model when the config
 * has one, else the same-locale LSM, else a reason there is none (es-LA, en-WW_Medical, and the
 * locales without an LSM: ar-MS, zh-CN, ko-KR, cs-CZ, nl-BE, hi-IN, sv-SE).
 */
export function lsmTargetFor(
  baseModelName: string,
  overrides: Readonly<Record<string, string>>,
): TargetLookup {
  const override = overrides[baseModelName];
  if (override !== undefined) return { ok: true, target: override, basis: 'override' };
  if (!needsMigration(baseModelName)) {
    return { ok: false, reason: `${baseModelName} is not a previous- or next-generation model` };
  }
  const locale = baseModelName.split('_')[0] ?? baseModelName;
  if (!isLargeSpeechModel(locale)) {
    return {
      ok: false,
      reason: `IBM has no large speech model for ${locale}; name one in migration.targets to migrate it`,
    };
  }
  return {
    ok: true,
    target: locale,
    basis: 'same-locale',
    ...(lsmsWithUndocumentedCustomization.has(locale) && {
      caveat: `IBM does not document language-model customization for the ${locale} LSM`,
    }),
  };
}
