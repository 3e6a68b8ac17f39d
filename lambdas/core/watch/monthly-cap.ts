/** Whether a watch run may start under the instance's monthly cap of IBM audio minutes. */
export type CapDecision = { readonly start: true } | { readonly start: false; readonly reason: string };

/**
 * A run starts only if the minutes already spent this month plus what it is expected to spend (each
 * model's last measurement) stay within the cap. A run is never cut short half-way: its models would
 * be measured unevenly.
 */
export function decideOnCap(input: {
  readonly monthlyMinutesCap: number | undefined;
  readonly minutesThisMonth: number;
  readonly expectedMinutes: number;
  readonly month: string;
}): CapDecision {
  const { monthlyMinutesCap: cap, minutesThisMonth: spent, expectedMinutes: expected } = input;
  if (cap === undefined || spent + expected <= cap) return { start: true };
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    start: false,
    reason: `monthly cap reached: ${round(spent)} of ${round(cap)} IBM audio minutes spent in ${input.month}, and this run would need about ${round(expected)} more`,
  };
}

/** The price of the minutes recognised, in dollars (to a millionth: one measurement can cost a fraction of a cent). */
export function priceOf(audioMinutes: number, pricePerMinuteUsd: number): number {
  return Math.round(audioMinutes * pricePerMinuteUsd * 1e6) / 1e6;
}
