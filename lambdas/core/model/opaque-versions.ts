import { newestVersion, parseBaseModelVersion } from './base-model-version.js';

interface Versioned {
  readonly customizationId: string;
  readonly baseModelName: string;
  readonly versions: readonly string[];
}

/**
 * Evidence, without ordering anything, that a model whose versions are opaque (every large speech
 * model's, and undated older ones) is behind: another custom model of the same base model lists every
 * version this one lists and more, so it was upgraded from where this one is. Two models that merely
 * list different versions prove nothing: either could be the newer.
 */
export class UpgradedPast {
  /** Per base model, the models listing more than one version: only an upgraded model can be ahead. */
  private readonly upgraded = new Map<string, string[][]>();

  constructor(models: readonly Versioned[]) {
    for (const model of models) {
      const own = ownVersions(model);
      if (own.length < 2) continue;
      const list = this.upgraded.get(model.baseModelName) ?? [];
      list.push(own);
      this.upgraded.set(model.baseModelName, list);
    }
  }

  /** The versions other models were upgraded to from this model's, sorted; empty when nothing proves it behind. */
  versionsPast(model: Versioned): string[] {
    const own = ownVersions(model);
    if (own.length === 0 || newestVersion(model.versions, model.baseModelName).newest !== null) return [];
    const missing = new Set<string>();
    for (const theirs of this.upgraded.get(model.baseModelName) ?? []) {
      if (theirs.length <= own.length || !own.every((entry) => theirs.includes(entry))) continue;
      for (const entry of theirs) if (!own.includes(entry)) missing.add(entry);
    }
    return [...missing].sort();
  }
}

function ownVersions(model: Versioned): string[] {
  return [
    ...new Set(
      model.versions.filter((entry) => parseBaseModelVersion(entry, model.baseModelName).recognised),
    ),
  ];
}
