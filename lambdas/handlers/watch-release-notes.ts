import type { ReleaseNotesSource } from '#core/release/release-event.js';
import { checkDocument, type WatchedEntry, watchedEntries } from '#core/release/release-watch.js';
import {
  entriesToAnnounce,
  readReleaseNotes,
  sortWatchedEntries,
  sourcesFailure,
} from '#core/release/source-check.js';
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
    const failure = sourcesFailure(failures, deps.sources.length);
    if (failure) throw failure;
    return { checks };
  };
}

async function checkSource(deps: WatcherDeps, source: ReleaseNotesSource): Promise<SourceCheck> {
  const document = readReleaseNotes(source.url, await deps.readNotes(source.url));
  const policy = { announceWithinDays: deps.announceWithinDays };
  const previous = await deps.history.getReleaseSource(source.url);
  checkDocument(source.url, document, previous?.entryCount, policy);

  const now = deps.clock.now();
  const checkedAt = now.toISOString();
  const store = async (watched: WatchedEntry) =>
    (
      await deps.history.putReleaseEntry({
        source: source.url,
        entryId: watched.entryId,
        firstSeenAt: checkedAt,
        entry: watched.entry,
      })
    ).created;

  const { quiet, candidates } = sortWatchedEntries(watchedEntries(document.entries, now, policy));
  const created: boolean[] = [];
  for (const watched of quiet) created.push(await store(watched));
  const stored = new Set<string>();
  for (const watched of candidates) {
    if (await deps.history.getReleaseEntry(source.url, watched.entryId)) stored.add(watched.entryId);
  }
  const announce = entriesToAnnounce(source, candidates, stored);
  // Announce before storing: if the put fails, the entry is still new at the next check and is
  // announced then. A crash between the two announces it twice, and the fleet run's name
  // (`release-<entryId>`) makes the second start a no-op.
  if (announce.details.length > 0) await deps.publisher.publish(announce.details);
  for (const watched of announce.entries) created.push(await store(watched));

  await deps.history.recordReleaseSource({
    source: source.url,
    entryCount: document.entries.length,
    checkedAt,
  });
  return {
    source: source.url,
    channel: source.channel,
    entries: document.entries.length,
    newEntries: created.filter(Boolean).length,
    announced: announce.entries.map((watched) => watched.entryId),
  };
}

export const handler = lambdaHandler(awsWatcherDeps, watchReleaseNotes);
