import type { Clock } from '#core/contract/clock.js';

/**
 * Compressed time for local runs: `scale` domain seconds pass per wall-clock second, from the
 * moment the clock is made. The simulator, the handlers and the Wait states share one instance,
 * so an upgrade of an hour of audio takes 3.6 s at a scale of 1,000.
 */
export class ScaledClock implements Clock {
  private readonly startWallMs = Date.now();

  constructor(
    readonly scale: number,
    private readonly startDomainMs = Date.now(),
  ) {
    if (!(scale > 0)) throw new RangeError(`time scale must be positive, got ${scale}`);
  }

  nowMs(): number {
    return this.startDomainMs + (Date.now() - this.startWallMs) * this.scale;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  wakeTimeAfter(seconds: number): string {
    return new Date(Date.now() + (seconds * 1000) / this.scale).toISOString();
  }
}
