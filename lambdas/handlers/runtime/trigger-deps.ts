import { type ReleaseNotesSourceOptions, releaseNotesReader } from '#adapters/release-notes-source.js';
import type { Clock } from '#core/contract/clock.js';
import type { ReleaseNotesHistory } from '#core/release/ports.js';
import type { ReleaseNotesSource } from '#core/release/release-event.js';
import type {
  FleetStarter,
  ReleaseEventPublisher,
  ReleaseNotesReader,
  TriggerLog,
} from '#core/release/trigger-ports.js';

/** What the release-notes watcher needs; `watcherDeps` builds it, in AWS and locally. */
export interface WatcherDeps {
  readonly sources: readonly ReleaseNotesSource[];
  readonly readNotes: ReleaseNotesReader;
  readonly history: Pick<
    ReleaseNotesHistory,
    'getReleaseEntry' | 'putReleaseEntry' | 'getReleaseSource' | 'recordReleaseSource'
  >;
  readonly publisher: ReleaseEventPublisher;
  readonly clock: Pick<Clock, 'now'>;
  /** Entries dated more than this many days before a check are stored, not announced. */
  readonly announceWithinDays: number;
  readonly log: TriggerLog;
}

/** What the watcher is configured with, and where it announces. */
export interface WatcherConfig {
  readonly sources: readonly ReleaseNotesSource[];
  readonly announceWithinDays: number;
  readonly publisher: ReleaseEventPublisher;
  /** How notes are read; default over HTTP, with `fetch`'s timeout and size limits. */
  readonly readNotes?: ReleaseNotesReader | undefined;
  readonly fetch?: ReleaseNotesSourceOptions | undefined;
}

export function watcherDeps(
  wiring: Pick<WatcherDeps, 'history' | 'clock' | 'log'>,
  config: WatcherConfig,
): WatcherDeps {
  return {
    sources: config.sources,
    readNotes: config.readNotes ?? releaseNotesReader(config.fetch),
    history: wiring.history,
    publisher: config.publisher,
    clock: wiring.clock,
    announceWithinDays: config.announceWithinDays,
    log: wiring.log,
  };
}

/** What the handlers that start fleet runs (on-release, scan) need. */
export interface FleetTriggerDeps {
  readonly fleet: FleetStarter;
  /** Runs these triggers start plan and record, and upgrade nothing. */
  readonly dryRun: boolean;
  readonly log: TriggerLog;
}

/** A trigger handler body: parses its event, does its work, returns plain JSON to log. */
export type TriggerHandler = (event: unknown) => Promise<unknown>;
