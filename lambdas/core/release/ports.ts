import type { ReleaseEntry, ReleaseSource } from '../history/history-records.js';

/**
 * The release-notes entries the watcher has seen and its last good check of each source. The
 * watcher writes them; the fleet planner takes its targets from the entries.
 */
export interface ReleaseNotesHistory {
  /** Stores an entry the first time it is seen; `created` is false when it was known. */
  putReleaseEntry(entry: Omit<ReleaseEntry, 'type'>): Promise<{ created: boolean; entry: ReleaseEntry }>;
  getReleaseEntry(source: string, entryId: string): Promise<ReleaseEntry | undefined>;
  /** Every entry stored for a source, read consistently, in no particular order. */
  releaseEntries(source: string): Promise<ReleaseEntry[]>;
  /** The source's last good check; undefined before the first. */
  getReleaseSource(source: string): Promise<ReleaseSource | undefined>;
  /** Records a good check of a source, replacing the previous one. */
  recordReleaseSource(check: Omit<ReleaseSource, 'type'>): Promise<ReleaseSource>;
}
