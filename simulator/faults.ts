import { z } from 'zod';
import { type LostAnswerKind, lostAnswerKinds } from './lost-answers.js';
import { SimulatorMessages } from './messages.js';
import { type Operation, operations } from './operations.js';
import type { SeededRandom } from './random.js';

const match = z
  .strictObject({ operation: z.enum(operations).optional(), customizationId: z.string().min(1).optional() })
  .optional();
const times = z.number().int().positive().optional();
const rate = z.number().gt(0).max(1).optional();

/**
 * A fault to inject. `times` limits a fault to the next N matching requests and `rate` fires it with
 * that (seeded) probability; with neither it hits every matching request until faults are cleared.
 */
export const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('status'),
    match,
    status: z.union([
      z.literal(400),
      z.literal(409),
      z.literal(429),
      z.literal(500),
      z.literal(502),
      z.literal(503),
    ]),
    /** IBM's `error` text to answer with, e.g. wording the upgrader has no rule for. */
    error: z.string().min(1).optional(),
    times,
    rate,
  }),
  z.strictObject({
    kind: z.literal('latency'),
    match,
    ms: z.number().int().nonnegative().max(600_000),
    times,
    rate,
  }),
  z.strictObject({ kind: z.literal('drop'), match, times, rate }),
  z.strictObject({ kind: z.literal('upgrade-fails'), match, error: z.string().min(1).optional() }),
  /** IBM applies the request, then the answer is lost: the connection resets or a gateway answers 502/504. */
  z.strictObject({ kind: z.literal('lose-answer'), match, answer: z.enum(lostAnswerKinds), times, rate }),
]);

export type Fault = z.infer<typeof faultSchema>;

export const faultListSchema = z.strictObject({ faults: z.array(faultSchema) });

/** What to do to one request before (or instead of) handling it. */
export interface RequestFaults {
  delayMs: number;
  outcome: { kind: 'status'; status: number; error: string | undefined } | { kind: 'drop' } | undefined;
}

interface ActiveFault {
  fault: Fault;
  remaining: number | undefined;
}

function matches(fault: Fault, operation: Operation, customizationId: string | undefined): boolean {
  const m = fault.match;
  if (!m) return true;
  if (m.operation !== undefined && m.operation !== operation) return false;
  return m.customizationId === undefined || m.customizationId === customizationId;
}

/** Holds the injected faults and decides, per request, which of them fire. */
export class FaultInjector {
  private active: ActiveFault[] = [];

  constructor(private readonly random: SeededRandom) {}

  add(faults: readonly Fault[]): void {
    for (const fault of faults) {
      this.active.push({ fault, remaining: 'times' in fault ? fault.times : undefined });
    }
  }

  clear(): void {
    this.active = [];
  }

  count(): number {
    return this.active.length;
  }

  /** Latency faults add up; the first status or drop fault that fires decides the answer. */
  forRequest(operation: Operation, customizationId: string | undefined): RequestFaults {
    const result: RequestFaults = { delayMs: 0, outcome: undefined };
    if (this.active.length === 0) return result;
    for (const entry of this.active) {
      const { fault } = entry;
      if (fault.kind === 'upgrade-fails' || fault.kind === 'lose-answer') continue;
      if (!matches(fault, operation, customizationId)) continue;
      if (fault.kind !== 'latency' && result.outcome) continue;
      if (!this.fires(entry, fault.rate)) continue;
      if (fault.kind === 'latency') result.delayMs += fault.ms;
      else if (fault.kind === 'status')
        result.outcome = { kind: 'status', status: fault.status, error: fault.error };
      else result.outcome = { kind: 'drop' };
    }
    this.active = this.active.filter((entry) => entry.remaining !== 0);
    return result;
  }

  /** The error text the upgrade now starting must end with, consuming the fault, or undefined. */
  takeUpgradeFailure(operation: Operation, customizationId: string): string | undefined {
    const index = this.active.findIndex(
      (entry) => entry.fault.kind === 'upgrade-fails' && matches(entry.fault, operation, customizationId),
    );
    if (index < 0) return undefined;
    const [entry] = this.active.splice(index, 1);
    return entry?.fault.kind === 'upgrade-fails'
      ? (entry.fault.error ?? SimulatorMessages.upgradeFailedDefault)
      : undefined;
  }

  /**
   * How the answer to a request IBM has just applied is lost, or undefined. Asked only after the
   * request succeeded, so `times` counts applied requests and a rejected one never loses its answer.
   */
  takeLostAnswer(operation: Operation, customizationId: string | undefined): LostAnswerKind | undefined {
    let lost: LostAnswerKind | undefined;
    for (const entry of this.active) {
      const { fault } = entry;
      if (fault.kind !== 'lose-answer' || !matches(fault, operation, customizationId)) continue;
      if (!this.fires(entry, fault.rate)) continue;
      lost = fault.answer;
      break;
    }
    this.active = this.active.filter((entry) => entry.remaining !== 0);
    return lost;
  }

  private fires(entry: ActiveFault, rate: number | undefined): boolean {
    if (entry.remaining === 0) return false;
    if (rate !== undefined && this.random.next() >= rate) return false;
    if (entry.remaining !== undefined) entry.remaining -= 1;
    return true;
  }
}
