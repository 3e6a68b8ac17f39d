import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Operation } from './operations.js';

/**
 * How an answer is lost after IBM acted: the connection resets, a gateway answers 502 or 504, or
 * nothing comes back at all (`hang`) until the client gives up, as a function stopped at its timeout.
 */
export const lostAnswerKinds = ['reset', '502', '504', 'hang'] as const;
export type LostAnswerKind = (typeof lostAnswerKinds)[number];

/** What the client saw instead of IBM's answer: 0 for a reset or silent connection, else the gateway's status. */
export function statusSeen(kind: LostAnswerKind): number {
  return kind === 'reset' || kind === 'hang' ? 0 : Number(kind);
}

/** A silent answer's connection is closed after this long if the client has not given up first. */
const HANG_MS = 300_000;

const gatewayPages: Record<Exclude<LostAnswerKind, 'reset' | 'hang'>, string> = {
  '502': '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
  '504':
    '<html><head><title>504 Gateway Time-out</title></head><body><h1>504 Gateway Time-out</h1></body></html>',
};

/** Loses the answer as a proxy in front of IBM would: an HTML error page or a reset connection. */
export function loseAnswer(req: IncomingMessage, res: ServerResponse, kind: LostAnswerKind): void {
  if (kind === 'reset') {
    req.socket.resetAndDestroy();
    return;
  }
  if (kind === 'hang') {
    setTimeout(() => req.socket.destroy(), HANG_MS).unref();
    return;
  }
  const page = gatewayPages[kind];
  res.writeHead(Number(kind), { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(page) });
  res.end(page);
}

export interface LostAnswerStats {
  total: number;
  byOperation: Partial<Record<Operation, number>>;
  byKind: Partial<Record<LostAnswerKind, number>>;
}

/** Counts the answers lost after IBM applied the request, for `/_simulator/stats`. */
export class LostAnswerCounter {
  private stats: LostAnswerStats = { total: 0, byOperation: {}, byKind: {} };

  count(operation: Operation, kind: LostAnswerKind): void {
    this.stats.total += 1;
    this.stats.byOperation[operation] = (this.stats.byOperation[operation] ?? 0) + 1;
    this.stats.byKind[kind] = (this.stats.byKind[kind] ?? 0) + 1;
  }

  snapshot(): LostAnswerStats {
    return {
      total: this.stats.total,
      byOperation: { ...this.stats.byOperation },
      byKind: { ...this.stats.byKind },
    };
  }

  clear(): void {
    this.stats = { total: 0, byOperation: {}, byKind: {} };
  }
}

/** What a request log entry adds when IBM applied the request and its answer was lost. */
export interface LostAnswerNote {
  answerLost: LostAnswerKind;
  /** The status IBM answered before the answer was lost. */
  appliedStatus: number;
}
