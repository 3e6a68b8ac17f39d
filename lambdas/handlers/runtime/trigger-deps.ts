import type { HistoryStore } from '#adapters/history-store/index.js';
import type { Clock } from '#core/contract/clock.js';
import type { ReleaseNotesSource } from '#core/release/release-event.js';
import type {
  FleetStarter,
  ReleaseEventPublisher,
  ReleaseNotesReader,
  TriggerLog,
} from '#core/release/trigger-ports.js';

/** What the release-notes watcher needs; AWS and local mode each build one. */
export interface WatcherDeps {
  readonly sources: readonly ReleaseNotesSource[];
  readonly readNotes: ReleaseNotesReader;
  readonly history: Pick<
    HistoryStore,
    'getReleaseEntry' | 'putReleaseEntry' | 'getReleaseSource' | 'recordReleaseSource'
  >;
  readonly publisher: ReleaseEventPublisher;
  readonly clock: Pick<Clock, 'now'>;
  /** Entries dated more than this many days before a check are stored, not announced. */
  readonly announceWithinDays: number;
  readonly log: TriggerLog;
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
