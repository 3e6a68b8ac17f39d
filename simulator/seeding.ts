import type { BaseModel } from './catalog.js';
import { audioEntry } from './data.js';
import {
  type AcousticModelSeed,
  type FleetSeed,
  fleetSeedSchema,
  type LanguageModelSeed,
} from './fleet-schema.js';
import { parseInput, SimulatorInputError } from './issues.js';
import type { SimModel } from './model.js';
import type { ModelStore } from './store.js';

export interface SeededIds {
  readonly languageModels: string[];
  readonly acousticModels: string[];
}

type ModelSeed = LanguageModelSeed | AcousticModelSeed;

/** Cross-field checks zod cannot make: base models, versions, ids and pairings against the catalog. */
function checkSeed(store: ModelStore, fleet: FleetSeed): string[] {
  const issues: string[] = [];
  const defined = new Map((fleet.baseModels ?? []).map((b) => [b.name, b]));
  const baseOf = (name: string): (Pick<BaseModel, 'versions'> & { acoustic: boolean }) | undefined => {
    const seeded = defined.get(name);
    const known = store.catalog.get(name);
    if (!seeded && !known) return undefined;
    return {
      versions: seeded?.versions ?? known?.versions ?? [],
      acoustic: known?.acousticCustomization ?? /_(Broadband|Narrowband)Model$/.test(name),
    };
  };
  const ids = new Set<string>();
  const languageIds = new Map<string, string>();
  const checkModel = (seed: ModelSeed, path: string, acoustic: boolean): void => {
    const base = baseOf(seed.baseModelName);
    if (!base) issues.push(`${path}.baseModelName: unknown base model '${seed.baseModelName}'`);
    else if (seed.version !== undefined && !base.versions.includes(seed.version)) {
      issues.push(
        `${path}.version: '${seed.version}' is not a version of ${seed.baseModelName} (${base.versions.join(', ')})`,
      );
    } else if (acoustic && !base.acoustic) {
      issues.push(`${path}.baseModelName: ${seed.baseModelName} does not support acoustic customization`);
    }
    if (seed.customizationId === undefined) return;
    if (ids.has(seed.customizationId) || store.has(seed.customizationId)) {
      issues.push(`${path}.customizationId: '${seed.customizationId}' is already in use`);
    }
    ids.add(seed.customizationId);
  };
  (fleet.languageModels ?? []).forEach((seed, i) => {
    checkModel(seed, `languageModels.${i}`, false);
    if (seed.customizationId) languageIds.set(seed.customizationId, seed.baseModelName);
  });
  (fleet.acousticModels ?? []).forEach((seed, i) => {
    checkModel(seed, `acousticModels.${i}`, true);
    const lmId = seed.trainedWithLanguageModel;
    if (lmId === undefined) return;
    const lmBase = languageIds.get(lmId) ?? store.find(lmId, 'language')?.baseModelName;
    if (lmBase === undefined) {
      issues.push(`acousticModels.${i}.trainedWithLanguageModel: no language model '${lmId}'`);
    } else if (lmBase !== seed.baseModelName) {
      issues.push(
        `acousticModels.${i}.trainedWithLanguageModel: '${lmId}' is based on ${lmBase}, not ${seed.baseModelName}`,
      );
    }
  });
  return issues;
}

/** Status and pending work of a seeded model; busy models finish `busyForSeconds` after seeding. */
function applyStatus(store: ModelStore, model: SimModel, seed: ModelSeed, hasData: boolean): void {
  model.status = seed.status ?? (hasData ? 'available' : 'pending');
  if (model.status === 'failed') model.error = 'Seeded as failed';
  if (model.status !== 'training' && model.status !== 'upgrading') return;
  const kind = model.status;
  const latest = store.catalog.latestVersion(model.baseModelName);
  model.status = 'available';
  store.startWork(
    model,
    {
      kind,
      addVersion: kind === 'upgrading' ? latest : undefined,
      withLanguageModel: undefined,
      failWith: undefined,
    },
    seed.busyForSeconds ?? 0,
  );
}

function versionOf(store: ModelStore, seed: ModelSeed): string {
  return seed.version ?? store.catalog.get(seed.baseModelName)?.versions.at(-1) ?? '';
}

/** Validates a fleet seed completely, then creates its models; a bad seed changes nothing. */
export function seedFleet(store: ModelStore, input: unknown): SeededIds {
  const fleet = parseInput(fleetSeedSchema, input, 'fleet');
  const issues = checkSeed(store, fleet);
  if (issues.length > 0) throw new SimulatorInputError('fleet', issues);
  for (const base of fleet.baseModels ?? []) store.catalog.define(base);
  const languageModels = (fleet.languageModels ?? []).map((seed) => {
    const model = store.create({
      kind: 'language',
      id: seed.customizationId,
      name: seed.name,
      description: seed.description,
      baseModelName: seed.baseModelName,
      dialect: seed.dialect,
      version: versionOf(store, seed),
    });
    model.seededWords = seed.words ?? 0;
    applyStatus(store, model, seed, model.seededWords > 0);
    return model.id;
  });
  const acousticModels = (fleet.acousticModels ?? []).map((seed) => {
    const model = store.create({
      kind: 'acoustic',
      id: seed.customizationId,
      name: seed.name,
      description: seed.description,
      baseModelName: seed.baseModelName,
      version: versionOf(store, seed),
    });
    const seconds = Math.round((seed.audioMinutes ?? 0) * 60 * 1000) / 1000;
    if (seconds > 0) {
      const rate = store.catalog.get(seed.baseModelName)?.rate ?? 16000;
      model.audio.set('seeded-audio.wav', audioEntry('seeded-audio.wav', seconds, 'pcm_s16le', rate));
      model.audioSeconds = seconds;
    }
    model.trainedWithLanguageModel = seed.trainedWithLanguageModel;
    model.unmodifiedSinceTraining = seed.unmodifiedSinceTraining ?? false;
    applyStatus(store, model, seed, seconds > 0);
    return model.id;
  });
  return { languageModels, acousticModels };
}
