import type { Operation } from './operations.js';

export interface RequestLogEntry {
  seq: number;
  /** ISO time on the simulator clock when the request arrived. */
  time: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** The status answered; 0 for a dropped connection. */
  status: number;
  operation: Operation;
  customizationId?: string;
}

/** IBM API calls in arrival order. Bounded so that long load runs do not grow memory without end. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly limit = 200_000) {}

  record(entry: Omit<RequestLogEntry, 'seq'>): void {
    this.seq += 1;
    this.entries.push({ seq: this.seq, ...entry });
    // Trim in batches so each request stays O(1) amortized.
    if (this.entries.length > this.limit * 1.25) this.entries = this.entries.slice(-this.limit);
  }

  list(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e, query: { ...e.query } }));
  }

  clear(): void {
    this.entries = [];
  }
}
