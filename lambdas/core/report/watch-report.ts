import { scoringUnitFor } from '../scoring/index.js';
import type { Measurement } from '../watch/measurement.js';
import type { WatchRun } from '../watch/watch-run.js';
import { changedUtterances } from './changed-utterances.js';
import { type ModelSeriesInput, modelSeries } from './model-series.js';
import type { RegressionDetail, Report, UpgradeRow, WerChange } from './report-model.js';
import { CHARTED_MAX, DETAILED_MAX } from './upgrade-report.js';

/** A measured utterance as the watch keeps it: the audio it came from, its reference and transcript. */
export interface WatchedUtterance {
  readonly audio: string;
  readonly reference: string;
  readonly transcript: string;
}

/** One model the watch run measured, with its history and, when it got worse, both transcripts. */
export interface WatchedModel {
  readonly measurement: Measurement;
  readonly series: ModelSeriesInput;
  /** The baseline's and this measurement's transcripts, or why they cannot be shown; only for `worse`. */
  readonly transcripts?:
    | { readonly baseline: readonly WatchedUtterance[]; readonly current: readonly WatchedUtterance[] }
    | { readonly problem: string };
}

export interface WatchReportInput {
  readonly run: WatchRun;
  readonly models: readonly WatchedModel[];
  readonly maxWerIncrease: number | null;
  readonly generatedAt: string;
}

const dateOf = (at: string) => at.slice(0, 10);

/**
 * The report of one accuracy-watch run: each model's WER against its baseline, their spread, each
 * model's WER over time, and for a model gone worse the utterances that changed since its baseline.
 */
export function watchReport(input: WatchReportInput): Report {
  const { run } = input;
  const compared = input.models.filter((m) => m.measurement.comparison?.werDelta != null);
  const werChanges: WerChange[] = compared.map(({ measurement }) => ({
    customizationId: measurement.customizationId,
    modelName: measurement.modelName,
    delta: measurement.comparison?.werDelta ?? 0,
  }));
  const worse = new Set(
    input.models
      .filter((m) => m.measurement.comparison?.verdict === 'worse')
      .map((m) => m.measurement.customizationId),
  );
  const worseFirst = input.models
    .filter((m) => worse.has(m.measurement.customizationId))
    .sort((a, b) => (b.measurement.comparison?.werDelta ?? 0) - (a.measurement.comparison?.werDelta ?? 0));
  const charted = input.models
    .map((m) => modelSeries(m.series))
    .filter((series) => series.points.length > 0)
    .sort(
      (a, b) =>
        Number(worse.has(b.customizationId)) - Number(worse.has(a.customizationId)) ||
        a.modelName.localeCompare(b.modelName),
    );
  return {
    title: `Accuracy watch ${run.watchRunId}`,
    subtitle: `Instance ${run.instanceId}: ${run.measured} model(s) measured, ${run.worse} worse, ${run.better} better, ${run.steady} steady, ${run.baselines} new baseline(s)${run.reason ? `; ${run.reason}` : ''}`,
    generatedAt: input.generatedAt,
    facts: [
      { label: 'trigger', value: run.trigger },
      { label: 'started', value: run.startedAt },
      ...(run.endedAt ? [{ label: 'ended', value: run.endedAt }] : []),
      { label: 'outcome', value: run.outcome },
      { label: 'failed measurements', value: String(run.failed) },
      { label: 'IBM audio', value: `${run.audioMinutes.toFixed(2)} minutes, $${run.priceUsd.toFixed(2)}` },
    ],
    upgrades: input.models.map(({ measurement }) => measurementRow(measurement)).sort(worstFirst),
    comparison: {
      heading: 'Baseline -> this run, per measured model',
      old: "at the model's baseline",
      new: 'in this run',
    },
    werChanges,
    maxWerIncrease: input.maxWerIncrease,
    models: charted.slice(0, CHARTED_MAX),
    modelsLeftOut: Math.max(0, charted.length - CHARTED_MAX),
    regressions: worseFirst.slice(0, DETAILED_MAX).map(regressionOf),
    regressionsLeftOut: Math.max(0, worseFirst.length - DETAILED_MAX),
  };
}

/** A measurement as a row: baseline -> now, in the columns an upgrade's old -> new uses. */
function measurementRow(measurement: Measurement): UpgradeRow {
  const comparison = measurement.comparison;
  const verdict = comparison?.verdict ?? 'baseline';
  return {
    instanceId: measurement.instanceId,
    customizationId: measurement.customizationId,
    modelName: measurement.modelName,
    outcome: verdict,
    testSet: measurement.testSet,
    oldVersion: comparison ? `baseline of ${dateOf(comparison.baselineMeasuredAt)}` : null,
    newVersion: dateOf(measurement.measuredAt),
    oldWer: comparison?.baselineWer ?? null,
    newWer: measurement.wer,
    werDelta: comparison?.werDelta ?? null,
    wordsLost: (comparison?.wordsLost ?? []).map((lost) => `${lost.word} (${lost.count})`),
    reason: null,
  };
}

function worstFirst(a: UpgradeRow, b: UpgradeRow): number {
  return (b.werDelta ?? 0) - (a.werDelta ?? 0) || a.modelName.localeCompare(b.modelName);
}

function regressionOf(model: WatchedModel): RegressionDetail {
  const { measurement } = model;
  const comparison = measurement.comparison;
  const base = {
    customizationId: measurement.customizationId,
    modelName: measurement.modelName,
    testSet: measurement.testSet,
    oldVersion: `baseline ${dateOf(comparison?.baselineMeasuredAt ?? measurement.measuredAt)}`,
    newVersion: dateOf(measurement.measuredAt),
    oldWer: comparison?.baselineWer ?? null,
    newWer: measurement.wer,
  };
  const transcripts = model.transcripts;
  if (!transcripts || 'problem' in transcripts) {
    const problem = transcripts?.problem ?? 'the transcripts of the measurements were not found';
    return { ...base, utterances: [], moreChanged: 0, transcriptsProblem: problem };
  }
  // The same test set, so the same utterances in the same order; an audio that moved is not paired.
  const pairs = transcripts.current.flatMap((current, index) => {
    const before = transcripts.baseline[index];
    return before && before.audio === current.audio
      ? [
          {
            index,
            reference: current.reference,
            old: { transcript: before.transcript },
            new: { transcript: current.transcript },
          },
        ]
      : [];
  });
  const { shown, more } = changedUtterances(pairs, scoringUnitFor(measurement.baseModelName));
  return { ...base, utterances: shown, moreChanged: more, transcriptsProblem: null };
}
