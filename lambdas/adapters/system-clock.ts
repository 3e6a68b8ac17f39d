import type { Clock } from '#core/contract/clock.js';

/** The wall clock: what every Lambda uses in AWS. */
export const systemClock: Clock = {
  now: () => new Date(),
  wakeTimeAfter: (seconds) => new Date(Date.now() + seconds * 1000).toISOString(),
};
