/**
 * Base model versions as IBM lists them in a custom model's `versions` array:
 * `<base_model_name>.<suffix>`. A suffix of the form `vYYYY-MM-DD` is a release date and can be
 * ordered; any other suffix (e.g. `v07-06082016.06202016`) is opaque and is never ordered by guess.
 */

/** One entry of `versions` that belongs to the base model asked about. */
export interface BaseModelVersion {
  readonly entry: string;
  readonly baseModelName: string;
  /** What follows `<base_model_name>.`, e.g. `v2020-01-16`. */
  readonly suffix: string;
  /** `YYYY-MM-DD` when the suffix is a dated one, otherwise null. */
  readonly releaseDate: string | null;
}

/** An entry that is not a version of the base model asked about. */
export interface UnrecognisedVersionEntry {
  readonly entry: string;
  readonly reason: 'other-base-model' | 'no-base-model-prefix' | 'empty-suffix';
}

export type ParsedVersionEntry =
  | ({ readonly recognised: true } & BaseModelVersion)
  | ({ readonly recognised: false } & UnrecognisedVersionEntry);

const datedSuffix = /^v(\d{4})-(\d{2})-(\d{2})$/;

/** The release date of a dated suffix, or null (opaque suffix or impossible calendar date). */
function releaseDateOf(suffix: string): string | null {
  const match = datedSuffix.exec(suffix);
  if (!match) return null;
  const [, y = '', m = '', d = ''] = match;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${y}-${m}-${d}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function parseBaseModelVersion(entry: string, baseModelName: string): ParsedVersionEntry {
  const prefix = `${baseModelName}.`;
  if (!entry.startsWith(prefix)) {
    // A dot after something else means a version of another base model; no dot at all is not a version.
    const reason = entry.includes('.') ? 'other-base-model' : 'no-base-model-prefix';
    return { recognised: false, entry, reason };
  }
  const suffix = entry.slice(prefix.length);
  if (suffix === '') return { recognised: false, entry, reason: 'empty-suffix' };
  return { recognised: true, entry, baseModelName, suffix, releaseDate: releaseDateOf(suffix) };
}

export interface NewestVersion {
  /** The version with the newest release date; null when no entry is dated. */
  readonly newest: BaseModelVersion | null;
  /** Versions of this base model whose suffix is opaque: their order is unknown. */
  readonly undated: readonly BaseModelVersion[];
  readonly unrecognised: readonly UnrecognisedVersionEntry[];
}

export function newestVersion(versions: readonly string[], baseModelName: string): NewestVersion {
  let newest: BaseModelVersion | null = null;
  const undated: BaseModelVersion[] = [];
  const unrecognised: UnrecognisedVersionEntry[] = [];
  for (const entry of versions) {
    const parsed = parseBaseModelVersion(entry, baseModelName);
    if (!parsed.recognised) {
      unrecognised.push({ entry: parsed.entry, reason: parsed.reason });
      continue;
    }
    const version = withoutFlag(parsed);
    if (version.releaseDate === null) undated.push(version);
    else if (newest === null || (newest.releaseDate ?? '') < version.releaseDate) newest = version;
  }
  return { newest, undated, unrecognised };
}

function withoutFlag(parsed: { recognised: true } & BaseModelVersion): BaseModelVersion {
  const { entry, baseModelName, suffix, releaseDate } = parsed;
  return { entry, baseModelName, suffix, releaseDate };
}

/** Whether the model already exists for that version of its base model. */
export function hasVersion(versions: readonly string[], baseModelName: string, suffix: string): boolean {
  return versions.some((entry) => {
    const parsed = parseBaseModelVersion(entry, baseModelName);
    return parsed.recognised && parsed.suffix === suffix;
  });
}

/**
 * Orders two dated suffixes (`v2026-11-24`): negative when `a` is older, positive when newer, 0 when
 * the same date. Null when either suffix is opaque, because their order cannot be known.
 */
export function compareVersionSuffixes(a: string, b: string): -1 | 0 | 1 | null {
  const dateA = releaseDateOf(a);
  const dateB = releaseDateOf(b);
  if (dateA === null || dateB === null) return null;
  if (dateA === dateB) return 0;
  return dateA < dateB ? -1 : 1;
}

export type VersionStanding = 'behind' | 'current' | 'unknown';

/**
 * Whether a model still has to be upgraded to `target`. The model is current when it lists the
 * target or a newer dated version; behind when its newest dated version is older; unknown when
 * nothing it lists can be ordered against the target.
 */
export function isBehind(
  model: { readonly baseModelName: string; readonly versions: readonly string[] },
  target: { readonly suffix: string },
): VersionStanding {
  if (hasVersion(model.versions, model.baseModelName, target.suffix)) return 'current';
  const { newest } = newestVersion(model.versions, model.baseModelName);
  if (newest === null) return 'unknown';
  const order = compareVersionSuffixes(newest.suffix, target.suffix);
  if (order === null) return 'unknown';
  return order < 0 ? 'behind' : 'current';
}
