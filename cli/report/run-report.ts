import { skipReasonText } from '#core/upgrade-decision.js';
import { formatDuration, textTable, truncate } from './text-table.js';

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

/** The fleet run that upgraded the units, when one did. */
export interface FleetReport {
  readonly fleetRunId: string;
  readonly trigger: string;
  readonly status: string;
  readonly message: string;
}

/** A model of the instance the fleet did not plan: nothing announced says it is behind. */
export interface NotPlannedModel {
  readonly customizationId: string;
  readonly kind: string;
  readonly name: string;
  readonly version: string | null;
}

export interface RunReport {
  readonly fleet: FleetReport | null;
  readonly notPlanned: readonly NotPlannedModel[];
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
  for (const model of report.notPlanned) {
    const version = shortVersion(model.version);
    rows.push([
      model.kind,
      truncate(model.name, 28),
      'not planned',
      version,
      '-',
      '-',
      '-',
      'no announced update of its base model',
    ]);
  }
  const table = textTable(
    ['KIND', 'MODEL', 'OUTCOME', 'VERSION', 'POLLS', 'RETRIES', 'TOOK', 'REASON'],
    rows,
  );
  const { upgraded, skipped, failed } = report.summary;
  const skippedTotal = Object.values(skipped).reduce((a, b) => a + b, 0);
  const reasons = Object.entries(skipped)
    .map(([reason, count]) => `${count} ${reason}`)
    .join(', ');
  const notPlanned = report.notPlanned.length > 0 ? `, ${report.notPlanned.length} not planned` : '';
  const summary =
    `${report.models.length + report.notPlanned.length} models: ${upgraded} upgraded, ${skippedTotal} skipped` +
    `${reasons ? ` (${reasons})` : ''}, ${failed} failed${notPlanned}; ` +
    `${formatDuration(report.simulatedSeconds)} simulated in ${report.wallSeconds.toFixed(1)} s`;
  const fleet = report.fleet
    ? `Fleet run ${report.fleet.fleetRunId} (${report.fleet.trigger}): ${report.fleet.message}\n`
    : '';
  const history = report.earlierRuns > 0 ? `History holds ${report.earlierRuns} earlier unit runs.\n` : '';
  return `${table}\n${fleet}${summary}\n${history}`;
}

function shortVersion(version: string | null): string {
  return version ? version.slice(version.lastIndexOf('.') + 1) : '?';
}

function versionChange(model: ModelReport): string {
  if (model.outcome !== 'upgraded') return shortVersion(model.versionBefore);
  return `${shortVersion(model.versionBefore)} -> ${shortVersion(model.versionAfter)}`;
}
