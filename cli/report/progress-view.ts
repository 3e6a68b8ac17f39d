import { type ModelLine, ModelProgressTracker } from '#local/model-progress-tracker.js';
import { formatDuration, textTable, truncate } from './text-table.js';

export interface ProgressViewOptions {
  readonly tracker: ModelProgressTracker;
  /** IBM's status of a model right now, when it can be had cheaply (the simulator); else undefined. */
  readonly statusOf: (customizationId: string) => string | undefined;
  readonly nowMs: () => number;
  readonly write: (text: string) => void;
  /** Redraw in place (a terminal) or print a line per change (a log). */
  readonly interactive: boolean;
  /** In a log, a line that says what every unfinished model is doing, at least this often. Default a minute. */
  readonly heartbeatMs?: number;
  /** Wall-clock time, for when the next poll is due. Default `Date.now`. */
  readonly wallNowMs?: () => number;
  /** Whether `nowMs` is compressed time (the simulator), so the elapsed time is labelled simulated. */
  readonly simulated: boolean;
}

/**
 * Live progress of a local run. On a terminal a table is redrawn in place four times a second;
 * elsewhere one line is printed whenever a model enters a new phase, so logs stay readable, and a
 * heartbeat line at least every minute says what the unfinished models are doing.
 */
export class ProgressView {
  private drawnLines = 0;
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly lastPhase = new Map<string, string>();
  private startMs = 0;

  constructor(private readonly options: ProgressViewOptions) {}

  start(): void {
    this.startMs = this.options.nowMs();
    if (this.options.interactive) this.timer = setInterval(() => this.redraw(), 250);
    else this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs ?? 60_000);
  }

  /** Called for every model line that changed; a log gets milestones only, not every poll. */
  changed(line: ModelLine): void {
    if (this.options.interactive || !isMilestone(line.phase)) return;
    const key = `${line.phase}|${line.step}`;
    if (this.lastPhase.get(line.customizationId) === key) return;
    this.lastPhase.set(line.customizationId, key);
    const cells = this.cells(line).map((cell, i) =>
      i === 4 ? cell.padStart(logWidths[i] ?? 0) : cell.padEnd(logWidths[i] ?? 0),
    );
    this.options.write(`${this.elapsed().padStart(6)}  ${cells.join('  ').trimEnd()}\n`);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.options.interactive) this.redraw();
  }

  private redraw(): void {
    const rows = this.options.tracker.all().map((line) => this.cells(line));
    const table = `Elapsed ${this.elapsed()}${this.options.simulated ? ' (simulated)' : ''}\n${textTable(header, rows)}`;
    const erase = this.drawnLines > 0 ? `\x1b[${this.drawnLines}F\x1b[J` : '';
    this.options.write(`${erase}${table}`);
    this.drawnLines = table.split('\n').length - 1;
  }

  /** One line: how many models are done, and what each other one is doing. */
  private beat(): void {
    const lines = this.options.tracker.all();
    const open = lines.filter((line) => !finished(line.phase));
    const doing = open
      .map((line) => {
        const next = this.nextPoll(line);
        return `${line.name || line.customizationId} ${line.phase}${next ? ` (next poll ${next})` : ''}`;
      })
      .join('; ');
    this.options.write(
      `${this.elapsed().padStart(6)}  still working: ${lines.length - open.length} of ${lines.length} model(s) done${doing ? `; ${doing}` : ''}\n`,
    );
  }

  /** `in 2m10s` while the model waits for its next poll or check; empty otherwise. */
  private nextPoll(line: ModelLine): string {
    if (!line.nextPollAt) return '';
    const seconds = Math.max(
      0,
      (Date.parse(line.nextPollAt) - (this.options.wallNowMs ?? Date.now)()) / 1000,
    );
    return `in ${formatDuration(seconds)}`;
  }

  private elapsed(): string {
    return formatDuration((this.options.nowMs() - this.startMs) / 1000);
  }

  private cells(line: ModelLine): string[] {
    return [
      line.kind,
      truncate(line.name || line.customizationId, 28),
      line.step || '-',
      truncate(line.phase, 40),
      String(line.polls),
      this.nextPoll(line),
      this.options.statusOf(line.customizationId) ?? '',
    ];
  }
}

const header = ['KIND', 'MODEL', 'STEP', 'PHASE', 'POLLS', 'NEXT POLL', 'STATUS'];
/** Column widths of a log line, so lines printed one by one still align. */
const logWidths = [8, 28, 27, 40, 3, 12, 0];

/**
 * Routing and polling states repeat for every poll; the rest mark progress a reader cares about. The
 * first wait of a step is one too (deduplicated per step), with when its first poll is due.
 */
function isMilestone(phase: string): boolean {
  return !/^(after |poll$)/.test(phase);
}

/** Phases a model ends in. */
function finished(phase: string): boolean {
  return /^(done|skipped|failed|record failure)$/.test(phase);
}

/**
 * A tracker and its view wired for a local run: pass `onEvent` to the local upgrader. With `quiet`
 * (JSON output) events are still tracked, for the report, but nothing is drawn.
 */
export function progressReporter(options: {
  readonly nowMs: () => number;
  readonly statusOf: (customizationId: string) => string | undefined;
  readonly quiet: boolean;
  readonly write: (text: string) => void;
  readonly simulated: boolean;
}): {
  tracker: ModelProgressTracker;
  view: ProgressView;
  onEvent: (execution: { name: string }, event: unknown) => void;
} {
  const tracker = new ModelProgressTracker(options.nowMs);
  const view = new ProgressView({
    tracker,
    statusOf: options.statusOf,
    nowMs: options.nowMs,
    write: options.write,
    interactive: !options.quiet && process.stdout.isTTY === true,
    simulated: options.simulated,
  });
  return {
    tracker,
    view,
    onEvent: (execution, event) => {
      const line = tracker.observe(event, execution.name);
      if (line && !options.quiet) view.changed(line);
    },
  };
}
