import type { FleetRun } from '../fleet/fleet-records.js';
import type { UnitRun } from './history-records.js';

/** A run as the history lists it: a fleet run or a unit run, with when it was recorded. */
export type ListedRun =
  | { readonly kind: 'fleet'; readonly run: FleetRun; readonly recordedAt: string }
  | { readonly kind: 'unit'; readonly run: UnitRun; readonly recordedAt: string };

/** The runs a listing shows, newest first, and how many more matched. */
export interface RunSelection {
  readonly runs: ListedRun[];
  /** Runs that matched `since` but fell past the limit. */
  readonly cut: number;
}

/** The id a run is looked up by: the fleet run name or the unit run id. */
export const listedRunId = (listed: ListedRun): string =>
  listed.kind === 'fleet' ? listed.run.fleetRunId : listed.run.runId;

/**
 * Newest first by when each run was recorded, which is real time even when a local run's own clock
 * is compressed; at most `limit`, none recorded before `since`.
 */
export function selectRuns(
  runs: readonly ListedRun[],
  options: { readonly limit: number; readonly since?: string },
): RunSelection {
  const since = options.since;
  const matching = runs
    .filter((listed) => since === undefined || listed.recordedAt >= since)
    .toSorted(
      (a, b) => b.recordedAt.localeCompare(a.recordedAt) || listedRunId(a).localeCompare(listedRunId(b)),
    );
  return { runs: matching.slice(0, options.limit), cut: Math.max(0, matching.length - options.limit) };
}

/** The runs a trigger started: its id alone (`ca4315424bac6395`) or with its type (`release:ca43...`). */
export function runsOfTrigger(runs: readonly ListedRun[], trigger: string): ListedRun[] {
  return runs.filter(({ run }) => {
    if (!run.trigger) return false;
    return run.trigger.id === trigger || `${run.trigger.type}:${run.trigger.id}` === trigger;
  });
}

/**
 * An instant from `--since`: a date or timestamp, or a span back from `now` such as `90m`, `12h`,
 * `7d`. Undefined when the text is neither.
 */
export function sinceInstant(text: string, now: Date): string | undefined {
  const span = /^(\d+)([mhd])$/.exec(text);
  if (span) {
    const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000 }[span[2] as 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(span[1]) * unitMs).toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
