import { parseBaseModelVersion } from '../model/base-model-version.js';

/** The two versions an on-demand comparison runs, or why they cannot be chosen. */
export type ChosenVersions =
  | { readonly ok: true; readonly oldVersion: string; readonly newVersion: string }
  | { readonly ok: false; readonly problem: string };

/**
 * The versions to compare on demand: those asked for (a full entry or a bare `vYYYY-MM-DD`), by
 * default the model's two newest dated versions. Every customization recognised must list both,
 * or IBM refuses `base_model_version`.
 */
export function chooseVersions(
  models: readonly { readonly customizationId: string; readonly versions: readonly string[] }[],
  baseModelName: string,
  asked: { readonly old?: string | undefined; readonly new?: string | undefined },
): ChosenVersions {
  const [verified] = models;
  if (!verified) return { ok: false, problem: 'no model to compare' };
  const dated = verified.versions
    .map((entry) => parseBaseModelVersion(entry, baseModelName))
    .flatMap((parsed) => (parsed.recognised && parsed.releaseDate !== null ? [parsed] : []))
    .sort((a, b) => (a.releaseDate ?? '').localeCompare(b.releaseDate ?? ''));
  const full = (version: string) => (version.includes('.') ? version : `${baseModelName}.${version}`);
  const newVersion = asked.new !== undefined ? full(asked.new) : dated.at(-1)?.entry;
  const oldVersion =
    asked.old !== undefined ? full(asked.old) : dated.filter((v) => v.entry !== newVersion).at(-1)?.entry;
  if (oldVersion === undefined || newVersion === undefined) {
    return {
      ok: false,
      problem: `model ${verified.customizationId} has ${verified.versions.length === 1 ? 'one version' : 'fewer than two dated versions'} (${verified.versions.join(', ') || 'none'}): there is nothing to compare; name them with --old and --new`,
    };
  }
  if (oldVersion === newVersion) return { ok: false, problem: `--old and --new are both ${oldVersion}` };
  for (const model of models) {
    for (const version of [oldVersion, newVersion]) {
      if (!model.versions.includes(version)) {
        return {
          ok: false,
          problem: `model ${model.customizationId} has no version ${version} (it has ${model.versions.join(', ') || 'none'})`,
        };
      }
    }
  }
  return { ok: true, oldVersion, newVersion };
}
