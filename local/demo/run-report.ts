import { skipReasonText } from '../../lambdas/core/upgrade-decision.js';
import { formatDuration, textTable, truncate } from '../cli/text-table.js';

/** One model's line of a local run's report, from its history record and the executions. */
export interface ModelReport {
  readonly runId: string;
  readonly customizationId: string;
  readonly kind: string;
  readonly name: string;
  readonly outcome: string;
  readonly reason: string | null;
  readonly error: string | null;
  readonly versionBefore: string | null;
  readonly versionAfter: string | null;
  readonly steps: readonly string[];
  readonly polls: number;
  readonly retries: number;
  readonly stateTransitions: number;
  readonly simulatedSeconds: number | null;
}

export interface UnitReport {
  readonly runId: string;
  readonly status: string;
  readonly error: string | null;
  readonly cause: string | null;
  readonly stateTransitions: number;
}

export interface RunReport {
  readonly units: readonly UnitReport[];
  readonly models: readonly ModelReport[];
  readonly summary: {
    readonly upgraded: number;
    readonly skipped: Readonly<Record<string, number>>;
    readonly failed: number;
  };
  readonly simulatedSeconds: number;
  readonly wallSeconds: number;
  /** Runs already in the history table before this one started. */
  readonly earlierRuns: number;
}

/** The skip reason's code for a recorded reason text, so summaries stay one line. */
function skipReasonCode(reason: string | null): string {
  const entry = Object.entries(skipReasonText).find(([, text]) => reason?.startsWith(text));
  return entry ? entry[0] : (reason ?? 'unknown');
}

export function summarizeModels(models: readonly ModelReport[]): RunReport['summary'] {
  const skipped: Record<string, number> = {};
  for (const model of models) {
    if (model.outcome !== 'skipped') continue;
    const code = skipReasonCode(model.reason);
    skipped[code] = (skipped[code] ?? 0) + 1;
  }
  return {
    upgraded: models.filter((m) => m.outcome === 'upgraded').length,
    skipped,
    failed: models.filter((m) => m.outcome === 'failed').length,
  };
}

/** The history of a local run as an aligned table and a one-line summary. */
export function formatRunReport(report: RunReport): string {
  const rows = report.models.map((m) => [
    m.kind,
    truncate(m.name || m.customizationId, 28),
    m.outcome,
    versionChange(m),
    String(m.polls),
    String(m.retries),
    m.simulatedSeconds === null ? '-' : formatDuration(m.simulatedSeconds),
    truncate(m.error ? `${m.error}: ${m.reason ?? ''}` : (m.reason ?? ''), 70),
  ]);
  const table = textTable(
    ['KIND', 'MODEL', 'OUTCOME', 'VERSION', 'POLLS', 'RETRIES', 'TOOK', 'REASON'],
    rows,
  );
  const { upgraded, skipped, failed } = report.summary;
  const skippedTotal = Object.values(skipped).reduce((a, b) => a + b, 0);
  const reasons = Object.entries(skipped)
    .map(([reason, count]) => `${count} ${reason}`)
    .join(', ');
  const summary =
    `${report.models.length} models: ${upgraded} upgraded, ${skippedTotal} skipped${reasons ? ` (${reasons})` : ''}, ` +
    `${failed} failed; ${formatDuration(report.simulatedSeconds)} simulated in ${report.wallSeconds.toFixed(1)} s`;
  const history = report.earlierRuns > 0 ? `History holds ${report.earlierRuns} earlier unit runs.\n` : '';
  return `${table}\n${summary}\n${history}`;
}

function versionChange(model: ModelReport): string {
  const short = (version: string | null) => (version ? version.slice(version.lastIndexOf('.') + 1) : '?');
  if (model.outcome !== 'upgraded') return short(model.versionBefore);
  return `${short(model.versionBefore)} -> ${short(model.versionAfter)}`;
}
