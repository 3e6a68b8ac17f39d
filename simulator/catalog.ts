import {
  type BaseModelFamily,
  baseModelFamily,
  familyRules,
  LARGE_SPEECH_MODEL_NAMES,
} from './ibm-models.js';

/** How a base model's custom models move to a new version: IBM's `upgrade_model`, or retraining (improved next-generation models). */
export type UpgradeMethod = 'upgrade_model' | 'retrain';

export interface BaseModel {
  readonly name: string;
  readonly language: string;
  /** Sampling rate in Hz: 16000 for broadband and multimedia, 8000 for narrowband and telephony. */
  readonly rate: number;
  readonly description: string;
  /** Release order, oldest first: the last entry is the latest version. Bare versions, e.g. `v2020-01-16`. */
  readonly versions: string[];
  readonly upgradeMethod: UpgradeMethod;
  readonly family: BaseModelFamily;
  /** Acoustic customization exists only for previous-generation models. */
  readonly acousticCustomization: boolean;
  /** Grammars exist for previous- and next-generation models, not for large speech models. */
  readonly grammars: boolean;
  /** The weight recognition uses when neither the request nor the custom model sets one. */
  readonly defaultCustomizationWeight: number;
  /** Versions IBM no longer supports: recognition with them runs without the customization. */
  readonly withdrawnVersions: readonly string[];
}

export interface BaseModelSpec {
  readonly name: string;
  readonly versions: readonly string[];
  readonly upgradeMethod?: UpgradeMethod | undefined;
}

const previousGenerationVersions: Record<string, readonly string[]> = {
  'en-US': ['v2018-07-31', 'v2020-01-16'],
  'en-GB': ['v2018-09-05', 'v2019-11-21'],
  'es-ES': ['v2018-06-12', 'v2020-07-29'],
  'fr-CA': ['v2019-06-28', 'v2020-07-14'],
  'pt-BR': ['v2017-12-11', 'v2020-03-25'],
  'ja-JP': ['v2018-06-12', 'v2020-05-01'],
  'zh-CN': ['v2018-05-22', 'v2019-12-17'],
};

/** Next-generation models: versions and whether IBM made them "improved" (upgraded by retraining). */
const nextGeneration: readonly (readonly [string, readonly string[], UpgradeMethod])[] = [
  ['en-US_Telephony', ['v2021-07-29', 'v2023-06-16'], 'retrain'],
  ['en-US_Multimedia', ['v2021-08-27', 'v2023-06-16'], 'retrain'],
  ['en-GB_Telephony', ['v2021-06-11', 'v2023-05-30'], 'retrain'],
  ['en-GB_Multimedia', ['v2021-08-27', 'v2023-05-30'], 'retrain'],
  ['es-ES_Telephony', ['v2021-06-11', 'v2023-05-30'], 'retrain'],
  ['es-ES_Multimedia', ['v2021-08-27', 'v2023-05-30'], 'retrain'],
  ['fr-CA_Telephony', ['v2021-09-30', 'v2023-04-18'], 'upgrade_model'],
  ['fr-CA_Multimedia', ['v2022-01-18'], 'upgrade_model'],
  ['pt-BR_Telephony', ['v2021-06-11', 'v2023-05-30'], 'retrain'],
  ['pt-BR_Multimedia', ['v2021-12-03', 'v2023-05-30'], 'retrain'],
  ['ja-JP_Telephony', ['v2021-12-03', 'v2023-05-30'], 'retrain'],
  ['ja-JP_Multimedia', ['v2021-12-03', 'v2022-11-10'], 'upgrade_model'],
  ['zh-CN_Telephony', ['v2021-09-30', 'v2022-06-16'], 'upgrade_model'],
];

/**
 * Large speech models get one version each. IBM documents no format for it, so the simulator's is
 * deliberately not a date: nothing may order it.
 */
export const LARGE_SPEECH_MODEL_VERSION = 'lsm-1';

function languageOf(name: string): string {
  return name.split('_')[0] ?? name;
}

/** Large speech models take 8 and 16 kHz audio; IBM's `GET /v1/models/en-US` says 8000. */
function rateOf(name: string): number {
  return /Narrowband|Telephony/.test(name) || !name.includes('_') ? 8000 : 16000;
}

function describe(name: string, family: BaseModelFamily): string {
  if (family === 'large-speech-model') return `Large ${name} model.`;
  const [language, kind] = name.split('_');
  return `${language} ${(kind ?? '').replace(/Model$/, '').toLowerCase()} model.`;
}

function baseModelFrom(spec: BaseModelSpec): BaseModel {
  const upgradeMethod = spec.upgradeMethod ?? 'upgrade_model';
  const family = baseModelFamily(spec.name, upgradeMethod === 'retrain');
  const rules = familyRules(family);
  return {
    name: spec.name,
    language: languageOf(spec.name),
    rate: rateOf(spec.name),
    description: describe(spec.name, family),
    versions: [...spec.versions],
    upgradeMethod,
    family,
    acousticCustomization: rules.acousticCustomization,
    grammars: rules.grammars,
    defaultCustomizationWeight: rules.defaultCustomizationWeight,
    withdrawnVersions: [],
  };
}

function builtInSpecs(): BaseModelSpec[] {
  const specs: BaseModelSpec[] = [];
  for (const [language, versions] of Object.entries(previousGenerationVersions)) {
    specs.push({ name: `${language}_BroadbandModel`, versions });
    specs.push({ name: `${language}_NarrowbandModel`, versions });
  }
  for (const [name, versions, upgradeMethod] of nextGeneration) specs.push({ name, versions, upgradeMethod });
  for (const name of LARGE_SPEECH_MODEL_NAMES) specs.push({ name, versions: [LARGE_SPEECH_MODEL_VERSION] });
  return specs;
}

/** The base models the simulated service offers, with the versions it has released of each. */
export class BaseModelCatalog {
  private readonly models = new Map<string, BaseModel>();

  constructor() {
    this.reset();
  }

  reset(): void {
    this.models.clear();
    for (const spec of builtInSpecs()) this.models.set(spec.name, baseModelFrom(spec));
  }

  get(name: string): BaseModel | undefined {
    return this.models.get(name);
  }

  list(): BaseModel[] {
    return [...this.models.values()];
  }

  /** Adds or replaces a base model (fleet seeds merge over the built-in catalog). */
  define(spec: BaseModelSpec): void {
    const existing = this.models.get(spec.name);
    this.models.set(
      spec.name,
      baseModelFrom({ ...spec, upgradeMethod: spec.upgradeMethod ?? existing?.upgradeMethod }),
    );
  }

  /** `<name>.<latest version>`, the entry a model's `versions` must hold to be up to date. */
  latestVersion(name: string): string | undefined {
    const model = this.models.get(name);
    const latest = model?.versions.at(-1);
    return latest === undefined ? undefined : `${name}.${latest}`;
  }

  /** Withdraws a released version (bare, e.g. `v2018-07-31`); it stays in `versions` for ordering. */
  withdraw(name: string, version: string): BaseModel {
    const model = this.models.get(name);
    if (!model) throw new Error(`unknown base model '${name}'`);
    if (!model.withdrawnVersions.includes(version)) {
      this.models.set(name, { ...model, withdrawnVersions: [...model.withdrawnVersions, version] });
    }
    return this.models.get(name) as BaseModel;
  }

  /** Makes `version` the latest of `name`. Releasing the current latest again changes nothing. */
  release(name: string, version: string): BaseModel {
    const model = this.models.get(name);
    if (!model) throw new Error(`unknown base model '${name}'`);
    if (model.versions.at(-1) !== version) {
      const versions = model.versions.filter((v) => v !== version);
      this.models.set(name, { ...model, versions: [...versions, version] });
    }
    return this.models.get(name) as BaseModel;
  }
}
