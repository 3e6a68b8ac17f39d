import { UpgradeStep } from '#core/contract/workflow-contract.js';
import { percent, type VerificationRecord } from '#core/verification/index.js';
import type { ModelReport, RunReport } from './run-report-data.js';
import { formatDuration, textTable, truncate } from './text-table.js';

/** The history of a local run as an aligned table, a summary, and advice for each regression. */
export function formatRunReport(report: RunReport): string {
  const rows = report.models.map((m) => [
    m.kind,
    truncate(m.name || m.customizationId, 28),
    outcomeOf(m),
    versionChange(m),
    werChange(m.verification),
    m.verification?.outcome ?? '-',
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
      '-',
      '-',
      'no announced update of its base model',
    ]);
  }
  const table = textTable(
    [
      'KIND',
      'MODEL',
      'OUTCOME',
      'VERSION',
      'WER OLD -> NEW',
      'VERIFIED',
      'POLLS',
      'RETRIES',
      'TOOK',
      'REASON',
    ],
    rows,
  );
  const { upgraded, skipped, failed } = report.summary;
  const retrained = report.models.filter((m) => outcomeOf(m) === 'retrained').length;
  const skippedTotal = Object.values(skipped).reduce((a, b) => a + b, 0);
  const reasons = Object.entries(skipped)
    .map(([reason, count]) => `${count} ${reason}`)
    .join(', ');
  const notPlanned = report.notPlanned.length > 0 ? `, ${report.notPlanned.length} not planned` : '';
  const summary =
    `${report.models.length + report.notPlanned.length} models: ${upgraded} upgraded` +
    `${retrained > 0 ? ` (${retrained} by retraining)` : ''}, ${skippedTotal} skipped` +
    `${reasons ? ` (${reasons})` : ''}, ${failed} failed${notPlanned}; ` +
    `${formatDuration(report.simulatedSeconds)} simulated in ${report.wallSeconds.toFixed(1)} s`;
  const fleet = `Fleet run ${report.fleet.fleetRunId} (${report.fleet.trigger}): ${report.fleet.message}\n`;
  const history = report.earlierRuns > 0 ? `History holds ${report.earlierRuns} earlier unit runs.\n` : '';
  return `${table}\n${fleet}${summary}\n${verificationLines(report)}${history}${reportLine(report)}`;
}

/** Where the run's HTML report is, to open in a browser. */
function reportLine(report: RunReport): string {
  const written = report.fleet.report;
  if (!written) return '';
  return 'uri' in written ? `Report: ${written.uri}\n` : `Report not written: ${written.notWritten}\n`;
}

/** An upgrade done by retraining reads as such: the step is what tells it apart. */
function outcomeOf(model: ModelReport): string {
  return model.outcome === 'upgraded' && model.steps.includes(UpgradeStep.Retrain)
    ? 'retrained'
    : model.outcome;
}

function shortVersion(version: string | null): string {
  return version ? version.slice(version.lastIndexOf('.') + 1) : '?';
}

function versionChange(model: ModelReport): string {
  if (model.outcome !== 'upgraded') return shortVersion(model.versionBefore);
  return `${shortVersion(model.versionBefore)} -> ${shortVersion(model.versionAfter)}`;
}

function werChange(record: VerificationRecord | null): string {
  if (!record?.old || !record.new) return '-';
  return `${percent(record.old.wer)} -> ${percent(record.new.wer)}`;
}

/**
 * The verification counts, then for each regressed model the words it lost and the
 * `base_model_version` that keeps its clients on the old version. Nothing when nothing was verified.
 */
function verificationLines(report: RunReport): string {
  const { passed, regressed, invalid, unverified } = report.summary.verification;
  if (passed + regressed + invalid + unverified === 0) return '';
  const counts = `Verification: ${passed} passed, ${regressed} regressed, ${invalid} invalid, ${unverified} unverified (no test set)\n`;
  const advice = report.models.flatMap((m) => {
    const record = m.verification;
    if (record?.outcome !== 'regressed') return [];
    const lost = record.wordsLost.map(({ word, count }) => `${word} (${count})`).join(', ') || 'none';
    return [
      `  ${m.name || m.customizationId} regressed on test set ${record.testSet ?? '-'}: ` +
        `WER ${percent(record.old?.wer)} -> ${percent(record.new?.wer)}, words lost: ${lost}.\n` +
        `    Keep its clients on the old version with base_model_version=${record.old?.version ?? '?'} until it is fixed.\n`,
    ];
  });
  const invalidLines = report.models.flatMap((m) =>
    m.verification?.outcome === 'invalid'
      ? [
          `  ${m.name || m.customizationId} could not be verified: ${m.verification.reason ?? 'no reason recorded'}\n`,
        ]
      : [],
  );
  return `${counts}${advice.join('')}${invalidLines.join('')}`;
}
