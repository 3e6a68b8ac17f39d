import { formatDuration, textTable, truncate } from '../cli/text-table.js';
import type { ModelLine, ModelProgressTracker } from './model-progress-tracker.js';

export interface ProgressViewOptions {
  readonly tracker: ModelProgressTracker;
  /** IBM's status of a model right now, when it can be had cheaply (the simulator); else undefined. */
  readonly statusOf: (customizationId: string) => string | undefined;
  readonly nowMs: () => number;
  readonly write: (text: string) => void;
  /** Redraw in place (a terminal) or print a line per change (a log). */
  readonly interactive: boolean;
}

/**
 * Live progress of a local run. On a terminal a table is redrawn in place four times a second;
 * elsewhere one line is printed whenever a model enters a new phase, so logs stay readable.
 */
export class ProgressView {
  private drawnLines = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly lastPhase = new Map<string, string>();
  private startMs = 0;

  constructor(private readonly options: ProgressViewOptions) {}

  start(): void {
    this.startMs = this.options.nowMs();
    if (this.options.interactive) this.timer = setInterval(() => this.redraw(), 250);
  }

  /** Called for every model line that changed; a log gets milestones only, not every poll. */
  changed(line: ModelLine): void {
    if (this.options.interactive || !isMilestone(line.phase)) return;
    const key = `${line.phase}|${line.step}`;
    if (this.lastPhase.get(line.customizationId) === key) return;
    this.lastPhase.set(line.customizationId, key);
    const [row] = this.rows([line]);
    if (row) this.options.write(`${row.join('  ')}\n`);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.options.interactive) this.redraw();
  }

  private redraw(): void {
    const lines = this.options.tracker.all();
    const table = textTable(
      ['ELAPSED', 'KIND', 'MODEL', 'STEP', 'PHASE', 'POLLS', 'STATUS'],
      this.rows(lines),
    );
    const erase = this.drawnLines > 0 ? `\x1b[${this.drawnLines}F\x1b[J` : '';
    this.options.write(`${erase}${table}`);
    this.drawnLines = table.split('\n').length - 1;
  }

  private rows(lines: readonly ModelLine[]): string[][] {
    const elapsed = formatDuration((this.options.nowMs() - this.startMs) / 1000);
    return lines.map((line) => [
      elapsed.padStart(6),
      line.kind.padEnd(8),
      truncate(line.name || line.customizationId, 28).padEnd(28),
      (line.step || '-').padEnd(27),
      truncate(line.phase, 40).padEnd(40),
      String(line.polls).padStart(3),
      this.options.statusOf(line.customizationId) ?? '',
    ]);
  }
}

/** Routing and polling states repeat for every poll; the rest mark progress a reader cares about. */
function isMilestone(phase: string): boolean {
  return !/^(after |wait for upgrade|poll$)/.test(phase);
}
