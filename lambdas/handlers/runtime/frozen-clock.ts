import type { Clock } from '#core/contract/clock.js';

/**
 * One instant for a whole invocation: the transition and the writes after it agree on "now" (the
 * attempt a first check opens is keyed by it), while Wait states still sleep in the clock's time.
 */
export function frozenClock(clock: Clock): Clock {
  const now = clock.now();
  return { now: () => new Date(now), wakeTimeAfter: (seconds) => clock.wakeTimeAfter(seconds) };
}
