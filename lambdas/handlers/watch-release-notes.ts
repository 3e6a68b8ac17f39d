import { ErrorName, UpgraderError } from '#core/contract/errors.js';
import { parseOrThrow } from '#core/contract/parse.js';
import { parseReleaseNotesDocument } from '#core/release/notes/index.js';
import {
  type BaseModelUpdatedDetail,
  baseModelUpdatedDetailSchema,
  type ReleaseNotesSource,
} from '#core/release/release-event.js';
import { checkDocument, type WatchedEntry, watchedEntries } from '#core/release/release-watch.js';
import { awsWatcherDeps } from './runtime/aws-trigger-deps.js';
import { lambdaHandler } from './runtime/lambda-entry.js';
import type { TriggerHandler, WatcherDeps } from './runtime/trigger-deps.js';

/** What one check of one source did, returned and logged. */
export interface SourceCheck {
  readonly source: string;
  readonly channel: ReleaseNotesSource['channel'];
  /** Distinct base-model update entries in the notes. */
  readonly entries: number;
  /** Entries stored for the first time by this check. */
  readonly newEntries: number;
  /** Ids of the entries announced with a `Base Model Updated` event. */
  readonly announced: readonly string[];
}

/**
 * On its schedule: fetches every configured release-notes source, stores each base-model update
 * entry once, and puts a `Base Model Updated` event for each new entry that requires
 * `upgrade_model` and is dated within the announce window (older ones are stored quietly, so the
 * first check of a long history starts no runs for past updates). A source that cannot be
 * fetched or read fails the invocation with `ReleaseNotesUnavailable` or `ReleaseNotesUnreadable`
 * after the other sources were checked; it is never taken for "nothing new".
 */
export function watchReleaseNotes(deps: WatcherDeps): TriggerHandler {
  return async () => {
    const checks: SourceCheck[] = [];
    const failures: { source: string; error: unknown }[] = [];
    for (const source of deps.sources) {
      try {
        const check = await checkSource(deps, source);
        deps.log('release notes checked', { ...check });
        checks.push(check);
      } catch (error) {
        const { name, message } = error instanceof Error ? error : new Error(String(error));
        deps.log('release notes check failed', {
          source: source.url,
          errorName: name,
          errorMessage: message,
        });
        failures.push({ source: source.url, error });
      }
    }
    const [first] = failures;
    if (first) {
      if (failures.length === 1) throw first.error;
      const text = failures.map(({ error }) => (error instanceof Error ? error.message : String(error)));
      const message = `${failures.length} of ${deps.sources.length} release-notes sources failed: ${text.join(' | ')}`;
      throw first.error instanceof UpgraderError
        ? new UpgraderError(first.error.name, message, { cause: first.error })
        : new Error(message, { cause: first.error });
    }
    return { checks };
  };
}

async function checkSource(deps: WatcherDeps, source: ReleaseNotesSource): Promise<SourceCheck> {
  const text = await deps.readNotes(source.url);
  let document: ReturnType<typeof parseReleaseNotesDocument>;
  try {
    document = parseReleaseNotesDocument(text, { source: source.url });
  } catch (error) {
    throw new UpgraderError(
      ErrorName.ReleaseNotesUnreadable,
      `Release notes ${source.url} could not be parsed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const policy = { announceWithinDays: deps.announceWithinDays };
  const previous = await deps.history.getReleaseSource(source.url);
  checkDocument(source.url, document, previous?.entryCount, policy);

  const now = deps.clock.now();
  const checkedAt = now.toISOString();
  const store = (watched: WatchedEntry) =>
    deps.history.putReleaseEntry({
      source: source.url,
      entryId: watched.entryId,
      firstSeenAt: checkedAt,
      entry: watched.entry,
    });

  let newEntries = 0;
  const toAnnounce: WatchedEntry[] = [];
  for (const watched of watchedEntries(document.entries, now, policy)) {
    if (!watched.announceable) {
      if ((await store(watched)).created) newEntries++;
    } else if (!(await deps.history.getReleaseEntry(source.url, watched.entryId))) {
      toAnnounce.push(watched);
    }
  }
  // Announce before storing: if the put fails, the entry is still new at the next check and is
  // announced then. A crash between the two announces it twice, and the fleet run's name
  // (`release-<entryId>`) makes the second start a no-op.
  const details: BaseModelUpdatedDetail[] = toAnnounce.map((watched) =>
    parseOrThrow(
      baseModelUpdatedDetailSchema,
      { entryId: watched.entryId, source: source.url, channel: source.channel, entry: watched.entry },
      `'Base Model Updated' event of entry ${watched.entryId}`,
    ),
  );
  if (details.length > 0) await deps.publisher.publish(details);
  for (const watched of toAnnounce) if ((await store(watched)).created) newEntries++;

  await deps.history.recordReleaseSource({
    source: source.url,
    entryCount: document.entries.length,
    checkedAt,
  });
  return {
    source: source.url,
    channel: source.channel,
    entries: document.entries.length,
    newEntries,
    announced: toAnnounce.map((watched) => watched.entryId),
  };
}

export const handler = lambdaHandler(awsWatcherDeps, watchReleaseNotes);
