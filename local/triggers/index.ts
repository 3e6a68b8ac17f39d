import type { HistoryStore } from '#adapters/history-store/index.js';
import { type ReleaseNotesSourceOptions, releaseNotesReader } from '#adapters/release-notes-source.js';
import type { Clock } from '#core/contract/clock.js';
import type { ReleaseNotesSource } from '#core/release/release-event.js';
import type { ReleaseNotesReader, TriggerLog } from '#core/release/trigger-ports.js';
import { onRelease } from '#handlers/on-release.js';
import type { FleetTriggerDeps } from '#handlers/runtime/trigger-deps.js';
import { scan } from '#handlers/scan.js';
import { watchReleaseNotes } from '#handlers/watch-release-notes.js';
import { releaseNotesSchema } from '#lib/config/trigger-config.js';
import { LocalEventBus } from './local-event-bus.js';
import { LocalFleetStarter, type RunFleet } from './local-fleet-starter.js';

export { type LocalDelivery, LocalEventBus, type LocalEventBusOptions } from './local-event-bus.js';
export { LocalFleetStarter, type RunFleet } from './local-fleet-starter.js';

export interface LocalTriggersOptions {
  readonly history: HistoryStore;
  /** The local upgrader's fleet run. */
  readonly runFleet: RunFleet;
  readonly clock: Pick<Clock, 'now'>;
  /** Default: IBM Cloud's release notes. */
  readonly sources?: readonly ReleaseNotesSource[];
  /** Default 30. */
  readonly announceWithinDays?: number;
  readonly dryRun?: boolean;
  /** How notes are read; default over HTTP with `fetch` options. */
  readonly readNotes?: ReleaseNotesReader;
  readonly fetch?: ReleaseNotesSourceOptions;
  readonly log?: TriggerLog;
}

/** The triggers of local mode, wired as the stack wires them in AWS. */
export interface LocalTriggers {
  /** One check of every source; new upgrade-required entries run their fleet run before this resolves. */
  watch(): Promise<unknown>;
  /** The scheduled scan due at `scheduledTime` (default now). */
  scan(scheduledTime?: Date): Promise<unknown>;
  /** Where operators' hand-made `Base Model Updated` events go (its `publish`), and what was delivered. */
  readonly bus: LocalEventBus;
  /** Every fleet run the triggers started, with its result. */
  readonly fleet: LocalFleetStarter;
}

/** Watcher -> bus -> on-release -> fleet, and scan -> fleet, all in this process. */
export function startLocalTriggers(options: LocalTriggersOptions): LocalTriggers {
  const log = options.log ?? (() => undefined);
  const fleet = new LocalFleetStarter(options.runFleet);
  const fleetDeps: FleetTriggerDeps = { fleet, dryRun: options.dryRun ?? false, log };
  const bus = new LocalEventBus({ onBaseModelUpdated: onRelease(fleetDeps), now: () => options.clock.now() });
  const defaults = releaseNotesSchema.parse({});
  const watcher = watchReleaseNotes({
    sources: options.sources ?? defaults.sources,
    readNotes: options.readNotes ?? releaseNotesReader(options.fetch),
    history: options.history,
    publisher: bus,
    clock: options.clock,
    announceWithinDays: options.announceWithinDays ?? defaults.announceWithinDays,
    log,
  });
  const scanner = scan(fleetDeps);
  return {
    watch: () => watcher({}),
    scan: (scheduledTime) => scanner({ scheduledTime: (scheduledTime ?? options.clock.now()).toISOString() }),
    bus,
    fleet,
  };
}
