import type { CustomModel } from '../model/custom-model.js';

/** IBM's limits on a custom model's name and description (language-create.md). */
const MAX_NAME = 256;
const DESCRIPTION_PREFIX = 'Migrated from ';

/**
 * The new model's name: the source's, so operators recognise it. IBM cannot rename a model, and the
 * name need not be unique, so the description (which carries the source id) is what finds it again.
 */
export function newModelName(sourceName: string): string {
  return sourceName.slice(0, MAX_NAME);
}

/** "Migrated from <source id>": at most 50 characters, under IBM's 128. */
export function newModelDescription(sourceCustomizationId: string): string {
  return `${DESCRIPTION_PREFIX}${sourceCustomizationId}`;
}

/**
 * The models on the instance that a migration of the source already created on the target LSM,
 * oldest first. More than one means a create was repeated outside this product's control; the
 * oldest is kept as the migration's model and the others are reported, never deleted.
 */
export function modelsMigratedFrom(
  models: readonly CustomModel[],
  sourceCustomizationId: string,
  target: string,
): CustomModel[] {
  const wanted = newModelDescription(sourceCustomizationId);
  return models
    .filter((m) => m.baseModelName === target && m.description === wanted)
    .sort(
      (a, b) =>
        (a.created ?? '').localeCompare(b.created ?? '') ||
        a.customizationId.localeCompare(b.customizationId),
    );
}
