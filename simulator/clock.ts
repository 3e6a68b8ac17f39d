/** Time as the simulated service sees it: every duration and `updated` stamp reads this clock. */
export interface SimulatorClock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: SimulatorClock = { now: () => Date.now() };

/** A clock that moves only when told to, so tests control upgrade and training durations exactly. */
export class ManualClock implements SimulatorClock {
  private current: number;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance a clock by ${ms} ms`);
    this.current += ms;
  }

  set(ms: number): void {
    this.current = ms;
  }
}
