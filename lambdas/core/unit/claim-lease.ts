/**
 * How long a claim protects a model while its run is still recorded as running. A run that
 * crashed, was stopped or timed out never releases its claims; past this lease, another run may
 * take the model over. No healthy run holds a claim that long: every wait it makes is bounded by
 * its deadlines (busy, then up to two upgrade steps), and a day of margin covers retries.
 */
export function claimLeaseSeconds(options: {
  readonly busyDeadlineSeconds: number;
  readonly upgradeDeadlineSeconds: number;
}): number {
  return options.busyDeadlineSeconds + 2 * options.upgradeDeadlineSeconds + 24 * 3600;
}

/** Whether a claim taken at `claimedAt` has outlived its lease at `now`. */
export function claimHasLapsed(claimedAt: string, now: Date, leaseSeconds: number): boolean {
  return now.getTime() - Date.parse(claimedAt) > leaseSeconds * 1000;
}
