import { newestVersion, parseBaseModelVersion } from '../base-model-version.js';

interface Versioned {
  readonly customizationId: string;
  readonly baseModelName: string;
  readonly versions: readonly string[];
}

/**
 * Evidence, without ordering anything, that a model whose versions are opaque (every large speech
 * model's, and undated older ones) is behind: another custom model of the same base model lists every
 * version this one lists and more, so it was upgraded from where this one is. Two models that merely
 * list different versions prove nothing: either could be the newer. Returns the versions it lacks.
 */
export function versionsUpgradedPast(model: Versioned, others: readonly Versioned[]): string[] {
  const own = ownVersions(model);
  if (own.length === 0 || newestVersion(model.versions, model.baseModelName).newest !== null) return [];
  const missing = new Set<string>();
  for (const other of others) {
    if (other.customizationId === model.customizationId || other.baseModelName !== model.baseModelName)
      continue;
    const theirs = ownVersions(other);
    if (!own.every((entry) => theirs.includes(entry))) continue;
    for (const entry of theirs) if (!own.includes(entry)) missing.add(entry);
  }
  return [...missing].sort();
}

function ownVersions(model: Versioned): string[] {
  return model.versions.filter((entry) => parseBaseModelVersion(entry, model.baseModelName).recognised);
}
