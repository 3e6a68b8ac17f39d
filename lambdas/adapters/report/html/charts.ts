import * as Plot from '@observablehq/plot';
import type { ModelSeries, UpgradeRow, WerChange } from '#core/report/index.js';
import type { ReportDocument, ReportElement } from './dom.js';

/** Colours of a WER's source and of an outcome: the same in every chart and table of a report. */
const SOURCE_COLOURS = {
  domain: ['before-upgrade', 'after-upgrade', 'measurement'],
  range: ['#8c8c8c', '#1f6feb', '#2da44e'],
};
const EVENT_COLOURS = { upgrade: '#1f6feb', retrain: '#8250df', migration: '#bf8700' } as const;
const OUTCOME_COLOURS = {
  domain: ['passed', 'regressed', 'invalid', 'better', 'worse', 'steady', 'baseline'],
  range: ['#2da44e', '#cf222e', '#9a6700', '#2da44e', '#cf222e', '#8c8c8c', '#57606a'],
};

/** linkedom's document as Plot's options type it; Plot only calls the DOM methods linkedom has. */
const plotDocument = (document: ReportDocument) =>
  document as unknown as NonNullable<Plot.PlotOptions['document']>;

/** Only the sources a series has, so the legend names nothing that is not drawn. */
function sourcesOf(series: ModelSeries) {
  const present = new Set(series.points.map((point) => point.source));
  const keep = SOURCE_COLOURS.domain.flatMap((source, i) => (present.has(source as never) ? [i] : []));
  return {
    domain: keep.map((i) => SOURCE_COLOURS.domain[i]),
    range: keep.map((i) => SOURCE_COLOURS.range[i]),
  };
}

/** Only the outcomes drawn, so the legend names nothing that is not there. */
function outcomesOf(rows: readonly UpgradeRow[]) {
  const present = new Set<string>(rows.map((row) => row.outcome));
  const keep = OUTCOME_COLOURS.domain.flatMap((outcome, i) => (present.has(outcome) ? [i] : []));
  return {
    domain: keep.map((i) => OUTCOME_COLOURS.domain[i]),
    range: keep.map((i) => OUTCOME_COLOURS.range[i]),
  };
}

/** A round bin width that splits the changes' range into at most about 40 bins. */
function binWidth(changes: readonly WerChange[]): number {
  const deltas = changes.map((change) => change.delta);
  const range = Math.max(...deltas) - Math.min(...deltas);
  return [0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25].find((width) => range / width <= 40) ?? 0.5;
}

const at = (value: { at: string }) => new Date(value.at);

/** One model's WER over time: a line through its points, upgrades and retrains as dashed rules. */
export function werOverTime(document: ReportDocument, series: ModelSeries): ReportElement {
  return Plot.plot({
    document: plotDocument(document),
    width: 720,
    height: 220,
    marginTop: 24,
    x: { type: 'utc', label: null },
    y: { label: 'WER (%)', percent: true, grid: true, zero: true },
    color: { ...sourcesOf(series), legend: true },
    marks: [
      Plot.ruleX(series.events, {
        x: at,
        stroke: (event: ModelSeries['events'][number]) => EVENT_COLOURS[event.kind],
        strokeDasharray: '4,3',
      }),
      Plot.text(series.events, { x: at, text: 'label', frameAnchor: 'top', dy: -14, fontSize: 9 }),
      Plot.line(series.points, { x: at, y: 'wer', stroke: '#57606a', strokeOpacity: 0.6 }),
      Plot.dot(series.points, {
        x: at,
        y: 'wer',
        fill: 'source',
        r: 4,
        title: (point: ModelSeries['points'][number]) =>
          `${point.at}: ${(point.wer * 100).toFixed(2)}% with ${point.version} (${point.source})`,
      }),
    ],
  }) as unknown as ReportElement;
}

/** How many models' WER moved by how much: a histogram of new minus old, with the gate. */
export function werChangeDistribution(
  document: ReportDocument,
  changes: readonly WerChange[],
  maxWerIncrease: number | null,
): ReportElement {
  return Plot.plot({
    document: plotDocument(document),
    width: 720,
    height: 220,
    x: { label: 'WER change, new - old (percentage points)', percent: true },
    y: {
      label: 'models',
      grid: true,
      tickFormat: (count: number) => (Number.isInteger(count) ? String(count) : ''),
    },
    marks: [
      Plot.rectY(changes, {
        ...Plot.binX({ y: 'count' }, { x: 'delta', interval: binWidth(changes) }),
        inset: 1,
        fill: '#8c8c8c',
      }),
      Plot.ruleX([0]),
      maxWerIncrease === null
        ? null
        : Plot.ruleX([maxWerIncrease], { stroke: '#cf222e', strokeDasharray: '4,3' }),
      Plot.ruleY([0]),
    ],
  }) as unknown as ReportElement;
}

/** Each verified model's WER before and after the upgrade, as an arrow from old to new. */
export function oldToNew(document: ReportDocument, rows: readonly UpgradeRow[]): ReportElement {
  const scored = rows.filter((row) => row.oldWer !== null && row.newWer !== null);
  return Plot.plot({
    document: plotDocument(document),
    width: 720,
    height: 40 + 26 * scored.length,
    marginLeft: 160,
    x: { label: 'WER (%)', percent: true, grid: true, zero: true },
    y: { label: null, domain: scored.map((row) => row.modelName) },
    color: { ...outcomesOf(scored), legend: true },
    marks: [
      Plot.arrow(scored, {
        x1: 'oldWer',
        x2: 'newWer',
        y: 'modelName',
        stroke: 'outcome',
        headLength: 6,
      }),
      Plot.dot(scored, { x: 'oldWer', y: 'modelName', stroke: 'outcome', r: 3 }),
      Plot.text(scored, {
        x: 'newWer',
        y: 'modelName',
        text: (row: UpgradeRow) => `${((row.newWer ?? 0) * 100).toFixed(2)}%`,
        dy: -9,
        fontSize: 9,
      }),
    ],
  }) as unknown as ReportElement;
}
