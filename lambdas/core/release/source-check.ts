import { ErrorName, UpgraderError } from '../contract/errors.js';
import { parseOrThrow } from '../contract/parse.js';
import { parseReleaseNotesDocument, type ReleaseNotesDocument } from './notes/index.js';
import {
  type BaseModelUpdatedDetail,
  baseModelUpdatedDetailSchema,
  type ReleaseNotesSource,
} from './release-event.js';
import type { WatchedEntry } from './release-watch.js';

/**
 * What one check of a release-notes source decides: the document it read, which entries are stored
 * quietly, which are announced, and how the failures of several sources are raised together.
 */

/** The source's text as a document; text that cannot be parsed fails with `ReleaseNotesUnreadable`. */
export function readReleaseNotes(source: string, text: string): ReleaseNotesDocument {
  try {
    return parseReleaseNotesDocument(text, { source });
  } catch (error) {
    throw new UpgraderError(
      ErrorName.ReleaseNotesUnreadable,
      `Release notes ${source} could not be parsed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/**
 * Entries that can never start a run are stored quietly (old ones, and those that need no
 * `upgrade_model`); the announceable ones are candidates, announced only if not stored already.
 */
export function sortWatchedEntries(watched: readonly WatchedEntry[]): {
  readonly quiet: readonly WatchedEntry[];
  readonly candidates: readonly WatchedEntry[];
} {
  return {
    quiet: watched.filter((entry) => !entry.announceable),
    candidates: watched.filter((entry) => entry.announceable),
  };
}

/** The candidates not stored yet, each with the `Base Model Updated` event that announces it. */
export function entriesToAnnounce(
  source: ReleaseNotesSource,
  candidates: readonly WatchedEntry[],
  stored: ReadonlySet<string>,
): { readonly entries: readonly WatchedEntry[]; readonly details: readonly BaseModelUpdatedDetail[] } {
  const entries = candidates.filter((watched) => !stored.has(watched.entryId));
  const details = entries.map((watched) =>
    parseOrThrow(
      baseModelUpdatedDetailSchema,
      { entryId: watched.entryId, source: source.url, channel: source.channel, entry: watched.entry },
      `'Base Model Updated' event of entry ${watched.entryId}`,
    ),
  );
  return { entries, details };
}

/**
 * The error a check of several sources ends with, after every source was checked: none when all
 * were read; the one failure as it was; several as one error named after the first, listing each.
 */
export function sourcesFailure(
  failures: readonly { readonly source: string; readonly error: unknown }[],
  sourceCount: number,
): unknown {
  const [first, ...others] = failures;
  if (!first || others.length === 0) return first?.error;
  const text = failures.map(({ error }) => (error instanceof Error ? error.message : String(error)));
  const message = `${failures.length} of ${sourceCount} release-notes sources failed: ${text.join(' | ')}`;
  return first.error instanceof UpgraderError
    ? new UpgraderError(first.error.name, message, { cause: first.error })
    : new Error(message, { cause: first.error });
}
