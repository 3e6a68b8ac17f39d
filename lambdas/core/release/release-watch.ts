import { ErrorName, UpgraderError } from '../contract/errors.js';
import { type ReleaseEntry, type ReleaseNotesDocument, releaseEntryId } from './notes/index.js';

const DAY_MS = 24 * 3600 * 1000;

/**
 * A source that suddenly yields fewer than this share of the entries it yielded last time is
 * treated as unreadable: IBM's notes only grow, so a drop means a changed format or a wrong page,
 * and quietly announcing nothing would hide it.
 */
export const MINIMUM_ENTRY_RATIO = 0.5;

export interface WatchPolicy {
  /** Entries dated more than this many days before the check are stored, not announced. */
  readonly announceWithinDays: number;
  /** See {@link MINIMUM_ENTRY_RATIO}. */
  readonly minimumEntryRatio?: number;
}

/** An entry of the notes with its stable id and whether it may be announced if it is new. */
export interface WatchedEntry {
  readonly entryId: string;
  readonly entry: ReleaseEntry;
  /** It requires `upgrade_model` and is recent enough (see {@link WatchPolicy.announceWithinDays}). */
  readonly announceable: boolean;
}

/**
 * Refuses a parsed document that cannot be the source's release notes: no dated section at all,
 * or far fewer entries than the source yielded last time. Throws `ReleaseNotesUnreadable`.
 */
export function checkDocument(
  source: string,
  document: ReleaseNotesDocument,
  previousEntryCount: number | undefined,
  policy: WatchPolicy,
): void {
  if (document.datedSections === 0) {
    throw new UpgraderError(
      ErrorName.ReleaseNotesUnreadable,
      `Release notes ${source} have no dated sections ('## 22 October 2020'): not release notes, or a changed format`,
    );
  }
  const ratio = policy.minimumEntryRatio ?? MINIMUM_ENTRY_RATIO;
  const count = document.entries.length;
  if (previousEntryCount !== undefined && previousEntryCount > 0 && count < previousEntryCount * ratio) {
    throw new UpgraderError(
      ErrorName.ReleaseNotesUnreadable,
      `Release notes ${source} yielded ${count} base-model update entries, last check ${previousEntryCount}: ` +
        `fewer than ${Math.round(ratio * 100)}% looks like a changed format, so nothing was stored or announced ` +
        `(if IBM really removed entries, delete the source's record in the history table)`,
    );
  }
}

/** Each distinct entry of the document once, in document order, with its id and announceability. */
export function watchedEntries(
  entries: readonly ReleaseEntry[],
  now: Date,
  policy: WatchPolicy,
): WatchedEntry[] {
  const cutoff = new Date(now.getTime() - policy.announceWithinDays * DAY_MS).toISOString().slice(0, 10);
  const seen = new Set<string>();
  const watched: WatchedEntry[] = [];
  for (const entry of entries) {
    const entryId = releaseEntryId(entry);
    if (seen.has(entryId)) continue;
    seen.add(entryId);
    watched.push({
      entryId,
      entry,
      announceable: entry.upgradeRequired === true && entry.baseModels.length > 0 && entry.date >= cutoff,
    });
  }
  return watched;
}
