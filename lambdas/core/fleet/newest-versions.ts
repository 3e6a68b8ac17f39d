import { newestVersion } from '../model/base-model-version.js';
import type { CustomModel } from '../model/custom-model.js';

/**
 * The newest dated version seen per base model across custom models. IBM publishes no "current
 * version", so a version another custom model already has is the best evidence that a model on
 * an older one is behind.
 */
export function newestVersionsSeen(
  models: readonly Pick<CustomModel, 'baseModelName' | 'versions'>[],
): Record<string, string> {
  const newest: Record<string, { suffix: string; date: string }> = {};
  for (const model of models) {
    const found = newestVersion(model.versions, model.baseModelName).newest;
    if (!found?.releaseDate) continue;
    const current = newest[model.baseModelName];
    if (!current || current.date < found.releaseDate)
      newest[model.baseModelName] = { suffix: found.suffix, date: found.releaseDate };
  }
  return Object.fromEntries(Object.entries(newest).map(([base, { suffix }]) => [base, suffix]));
}
