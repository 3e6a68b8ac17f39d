/**
 * Time as the workflow sees it. In AWS both methods follow the wall clock; in local mode time is
 * compressed, so "now" runs faster than the wall clock and a Wait state must sleep proportionally less.
 */
export interface Clock {
  /** The current instant in the domain's time (what history records and IBM's timestamps use). */
  now(): Date;
  /** The instant (ISO 8601) a Wait state must sleep until so that `seconds` of domain time pass. */
  wakeTimeAfter(seconds: number): string;
}
