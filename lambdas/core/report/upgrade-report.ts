import type { FleetRun, FleetSummary } from '../fleet/fleet-records.js';
import { scoringUnitFor } from '../scoring/index.js';
import type { VerificationRecord } from '../verification/verification-record.js';
import { changedUtterances, type StoredUtterance } from './changed-utterances.js';
import { type ModelSeriesInput, modelSeries } from './model-series.js';
import type { RegressionDetail, Report, ReportFact, UpgradeRow, WerChange } from './report-model.js';

/** Models charted in one report: a file people open in a browser, not an archive. */
export const CHARTED_MAX = 100;
/** Regressions whose utterances a report details, the worst first: each can hold 50 utterances. */
export const DETAILED_MAX = 20;

/** A verification's transcripts as the report found them: the utterances, or why there are none. */
export type FoundTranscripts =
  | { readonly utterances: readonly StoredUtterance[] }
  | { readonly problem: string };

/** The key of a verification's transcripts among the found ones. */
export const transcriptsKey = (record: Pick<VerificationRecord, 'runId' | 'customizationId'>) =>
  `${record.runId}/${record.customizationId}`;

export interface FleetRunReportInput {
  readonly run: Pick<FleetRun, 'fleetRunId' | 'trigger' | 'dryRun' | 'startedAt' | 'endedAt'>;
  readonly summary: FleetSummary;
  /** The verifications of the run's units. */
  readonly verifications: readonly VerificationRecord[];
  /** The history of each verified model, for its WER over time. */
  readonly series: readonly ModelSeriesInput[];
  /** Transcripts of the regressed verifications, by `transcriptsKey`. */
  readonly transcripts: ReadonlyMap<string, FoundTranscripts>;
  readonly generatedAt: string;
}

/** The report of one fleet run: its old -> new WER per model, their spread, their history, its regressions. */
export function fleetRunReport(input: FleetRunReportInput): Report {
  const { run, summary } = input;
  const verification = summary.models.verification;
  const facts: ReportFact[] = [
    { label: 'trigger', value: `${run.trigger.type} ${run.trigger.id}${run.dryRun ? ' (dry run)' : ''}` },
    { label: 'started', value: run.startedAt },
    ...(run.endedAt ? [{ label: 'ended', value: run.endedAt }] : []),
    { label: 'units', value: `${summary.units.succeeded} of ${summary.units.planned} succeeded` },
    { label: 'models upgraded', value: String(summary.models.upgraded) },
    {
      label: 'verified',
      value: `${verification.passed} passed, ${verification.regressed} regressed, ${verification.invalid} invalid, ${verification.unverified} unverified`,
    },
  ];
  return upgradeReport({
    title: `Fleet run ${run.fleetRunId}`,
    subtitle: summary.message,
    facts,
    ...input,
  });
}

export interface ModelReportInput {
  readonly series: ModelSeriesInput;
  readonly transcripts: ReadonlyMap<string, FoundTranscripts>;
  readonly generatedAt: string;
}

/** The report of one model: its WER over time, every verified upgrade and each regression's utterances. */
export function modelReport(input: ModelReportInput): Report {
  const { series } = input;
  const latest = series.verifications.at(-1);
  return upgradeReport({
    title: `Model ${series.modelName || series.customizationId}`,
    subtitle: `${series.customizationId} on instance ${series.instanceId}, base model ${series.baseModelName}`,
    facts: [
      { label: 'upgrades', value: String(series.attempts.filter((a) => a.outcome === 'upgraded').length) },
      { label: 'verifications', value: String(series.verifications.length) },
      { label: 'measurements', value: String(series.measurements.length) },
      ...(latest ? [{ label: 'last verified', value: `${latest.outcome} on ${latest.verifiedAt}` }] : []),
    ],
    verifications: series.verifications,
    series: [series],
    transcripts: input.transcripts,
    generatedAt: input.generatedAt,
  });
}

interface UpgradeReportParts {
  readonly title: string;
  readonly subtitle: string;
  readonly facts: readonly ReportFact[];
  readonly verifications: readonly VerificationRecord[];
  readonly series: readonly ModelSeriesInput[];
  readonly transcripts: ReadonlyMap<string, FoundTranscripts>;
  readonly generatedAt: string;
}

function upgradeReport(parts: UpgradeReportParts): Report {
  const scored = parts.verifications.filter((r) => r.outcome !== 'unverified');
  const upgrades = [...scored].sort(worstFirst).map(upgradeRow);
  const werChanges: WerChange[] = scored.flatMap((r) =>
    r.werDelta == null
      ? []
      : [{ customizationId: r.customizationId, modelName: r.modelName, delta: r.werDelta }],
  );
  const regressed = new Set(scored.filter((r) => r.outcome === 'regressed').map((r) => r.customizationId));
  const charted = parts.series
    .map(modelSeries)
    .filter((series) => series.points.length > 0)
    .sort(
      (a, b) =>
        Number(regressed.has(b.customizationId)) - Number(regressed.has(a.customizationId)) ||
        a.modelName.localeCompare(b.modelName),
    );
  const regressedWorstFirst = scored.filter((r) => r.outcome === 'regressed').sort(worstFirst);
  const gates = new Set(scored.map((r) => r.maxWerIncrease));
  return {
    title: parts.title,
    subtitle: parts.subtitle,
    generatedAt: parts.generatedAt,
    facts: parts.facts,
    upgrades,
    comparison: { heading: 'Old -> new WER per upgraded model', old: 'before the upgrade', new: 'after it' },
    werChanges,
    maxWerIncrease: gates.size === 1 ? ([...gates][0] ?? null) : null,
    models: charted.slice(0, CHARTED_MAX),
    modelsLeftOut: Math.max(0, charted.length - CHARTED_MAX),
    regressions: regressedWorstFirst
      .slice(0, DETAILED_MAX)
      .map((r) => regressionDetail(r, parts.transcripts.get(transcriptsKey(r)))),
    regressionsLeftOut: Math.max(0, regressedWorstFirst.length - DETAILED_MAX),
  };
}

/** Regressions first, then the largest increase in WER. */
function worstFirst(a: VerificationRecord, b: VerificationRecord): number {
  const rank = (r: VerificationRecord) => (r.outcome === 'regressed' ? 0 : r.outcome === 'invalid' ? 1 : 2);
  return rank(a) - rank(b) || (b.werDelta ?? 0) - (a.werDelta ?? 0) || a.modelName.localeCompare(b.modelName);
}

function upgradeRow(record: VerificationRecord): UpgradeRow {
  return {
    instanceId: record.instanceId,
    customizationId: record.customizationId,
    modelName: record.modelName,
    outcome: record.outcome,
    testSet: record.testSet,
    oldVersion: record.old?.version ?? null,
    newVersion: record.new?.version ?? null,
    oldWer: record.old?.wer ?? null,
    newWer: record.new?.wer ?? null,
    werDelta: record.werDelta ?? null,
    wordsLost: record.wordsLost.map((lost) => `${lost.word} (${lost.count})`),
    reason: record.reason ?? null,
  };
}

function regressionDetail(record: VerificationRecord, found: FoundTranscripts | undefined): RegressionDetail {
  const base = {
    customizationId: record.customizationId,
    modelName: record.modelName,
    testSet: record.testSet,
    oldVersion: record.old?.version ?? '-',
    newVersion: record.new?.version ?? '-',
    oldWer: record.old?.wer ?? null,
    newWer: record.new?.wer ?? null,
  };
  if (!found || 'problem' in found) {
    const problem =
      found?.problem ?? 'its transcripts were not kept (verified before transcripts went to the bucket)';
    return { ...base, utterances: [], moreChanged: 0, transcriptsProblem: problem };
  }
  const { shown, more } = changedUtterances(found.utterances, scoringUnitFor(record.baseModelName));
  return { ...base, utterances: shown, moreChanged: more, transcriptsProblem: null };
}
