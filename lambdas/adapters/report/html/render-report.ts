import type { RegressionDetail, Report } from '#core/report/index.js';
import { changedUtteranceView } from './aligned-utterance.js';
import { oldToNew, werChangeDistribution, werOverTime } from './charts.js';
import { element, newDocument, type ReportDocument, type ReportElement } from './dom.js';
import { REPORT_CSS } from './style.js';

const pct = (rate: number | null) => (rate === null ? '-' : `${(rate * 100).toFixed(2)}%`);
const points = (delta: number | null) =>
  delta === null ? '-' : `${delta > 0 ? '+' : ''}${(delta * 100).toFixed(2)} pt`;

/**
 * The report as one self-contained HTML file: inline CSS and SVG charts drawn by Observable Plot,
 * no script, no font, image or style sheet fetched from anywhere.
 */
export function renderReportHtml(report: Report): string {
  const document = newDocument();
  const e = element.bind(null, document);
  document.head.append(
    e('meta', { charset: 'utf-8' }),
    e('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    e('title', {}, report.title),
    e('style', {}, REPORT_CSS),
  );
  const body = document.body;
  body.append(
    e('h1', {}, report.title),
    e('p', { class: 'subtitle' }, report.subtitle),
    facts(document, report),
  );
  if (report.upgrades.length > 0) body.append(...upgradesSection(document, report));
  if (report.werChanges.length > 0) {
    body.append(
      e('h2', {}, 'How WER changed across the fleet'),
      figure(
        document,
        werChangeDistribution(document, report.werChanges, report.maxWerIncrease),
        `${report.werChanges.length} model(s).` +
          (report.maxWerIncrease === null
            ? ''
            : ` The dashed line is the gate: a WER worse by more than ${(report.maxWerIncrease * 100).toFixed(2)} percentage points is a regression.`),
      ),
    );
  }
  body.append(e('h2', {}, 'WER over time, per model'));
  if (report.models.length === 0) body.append(e('p', { class: 'note' }, 'No model has a measured WER yet.'));
  for (const series of report.models) {
    body.append(
      e('h3', { id: `model-${series.customizationId}` }, `${series.modelName || series.customizationId}`),
      figure(
        document,
        werOverTime(document, series),
        `${series.customizationId} (${series.baseModelName}, instance ${series.instanceId}): ${series.points.length} measurement(s); dashed lines mark upgrades and retrains.`,
        { 'data-model': series.customizationId, 'data-points': String(series.points.length) },
      ),
    );
  }
  if (report.modelsLeftOut > 0) {
    body.append(e('p', { class: 'note' }, `${report.modelsLeftOut} more model(s) not charted here.`));
  }
  if (report.regressions.length > 0) body.append(...regressionsSection(document, report.regressions));
  if (report.regressionsLeftOut > 0) {
    body.append(
      e('p', { class: 'note' }, `${report.regressionsLeftOut} more regression(s) not detailed here.`),
    );
  }
  body.append(e('p', { class: 'note' }, `Generated ${report.generatedAt} by stt-model-upgrader.`));
  return `<!doctype html>\n${document.documentElement.toString()}\n`;
}

function facts(document: ReportDocument, report: Report): ReportElement {
  const list = element(document, 'dl', { class: 'facts' });
  for (const fact of report.facts) {
    list.append(element(document, 'dt', {}, fact.label), element(document, 'dd', {}, fact.value));
  }
  return list;
}

function figure(
  document: ReportDocument,
  chart: ReportElement,
  caption: string,
  attributes: Record<string, string> = {},
): ReportElement {
  return element(
    document,
    'figure',
    { class: 'chart', ...attributes },
    chart,
    element(document, 'figcaption', {}, caption),
  );
}

function upgradesSection(document: ReportDocument, report: Report): ReportElement[] {
  const rows = report.upgrades;
  const { heading, old: before, new: after } = report.comparison;
  const e = element.bind(null, document);
  const header = e(
    'tr',
    {},
    ...[
      'model',
      'outcome',
      'test set',
      'old version',
      'new version',
      'old WER',
      'new WER',
      'change',
      'words lost / reason',
    ].map((name) => e('th', { scope: 'col' }, name)),
  );
  const body = e('tbody');
  for (const row of rows) {
    body.append(
      e(
        'tr',
        { 'data-model': row.customizationId },
        e('td', { title: row.customizationId }, row.modelName || row.customizationId),
        e('td', { class: `outcome-${row.outcome}` }, row.outcome),
        e('td', {}, row.testSet ?? '-'),
        e('td', {}, row.oldVersion ?? '-'),
        e('td', {}, row.newVersion ?? '-'),
        e('td', { class: 'number' }, pct(row.oldWer)),
        e('td', { class: 'number' }, pct(row.newWer)),
        e('td', { class: 'number' }, points(row.werDelta)),
        e('td', {}, row.wordsLost.join(', ') || row.reason || ''),
      ),
    );
  }
  const scored = rows.filter((row) => row.oldWer !== null && row.newWer !== null);
  return [
    e('h2', {}, heading),
    ...(scored.length > 0
      ? [
          figure(
            document,
            oldToNew(document, rows),
            `Each arrow runs from the WER ${before} to the WER ${after}.`,
          ),
        ]
      : []),
    e('table', { class: 'upgrades' }, e('thead', {}, header), body),
  ];
}

function regressionsSection(
  document: ReportDocument,
  regressions: readonly RegressionDetail[],
): ReportElement[] {
  const e = element.bind(null, document);
  const sections: ReportElement[] = [
    e('h2', {}, 'Regressions: the utterances that changed'),
    e(
      'p',
      { class: 'legend' },
      'Each transcript is aligned with the reference word by word: ',
      e('span', { class: 'substitution' }, 'S substitution'),
      e('span', { class: 'deletion' }, 'D deletion'),
      e('span', { class: 'insertion' }, 'I insertion'),
    ),
  ];
  for (const regression of regressions) {
    const section = e(
      'section',
      { class: 'regression', 'data-model': regression.customizationId },
      e(
        'h3',
        {},
        `${regression.modelName || regression.customizationId}: ${pct(regression.oldWer)} -> ${pct(regression.newWer)}` +
          (regression.testSet ? ` on test set ${regression.testSet}` : ''),
      ),
    );
    if (regression.transcriptsProblem !== null) {
      section.append(e('p', { class: 'note' }, `No utterances to show: ${regression.transcriptsProblem}.`));
    } else if (regression.utterances.length === 0) {
      section.append(
        e('p', { class: 'note' }, 'No utterance changed its words; the WER moved on the same words.'),
      );
    }
    for (const utterance of regression.utterances) {
      section.append(
        changedUtteranceView(document, utterance, { old: regression.oldVersion, new: regression.newVersion }),
      );
    }
    if (regression.moreChanged > 0) {
      section.append(
        e('p', { class: 'note' }, `${regression.moreChanged} more changed utterance(s) not shown.`),
      );
    }
    sections.push(section);
  }
  return sections;
}
