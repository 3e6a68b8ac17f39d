import type { ModelReport, RunReport } from '#local/run-report.js';
import { formatDuration, textTable, truncate } from './text-table.js';

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
  const fleet = `Fleet run ${report.fleet.fleetRunId} (${report.fleet.trigger}): ${report.fleet.message}\n`;
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
