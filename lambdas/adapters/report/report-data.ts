import type { HistoryStore } from '#adapters/history-store/index.js';
import type { VerificationTranscripts } from '#adapters/object-store/index.js';
import { mapWithConcurrency } from '#adapters/test-sets/concurrency.js';
import type { FleetSummary } from '#core/fleet/fleet-records.js';
import {
  type FoundTranscripts,
  fleetRunReport,
  type MeasuredWer,
  type ModelSeriesInput,
  modelReport,
  type Report,
  ReportSubjectNotFoundError,
  transcriptsKey,
  type WatchedModel,
  watchReport,
} from '#core/report/index.js';
import type { VerificationRecord } from '#core/verification/verification-record.js';
import type { Measurement, TranscriptStore } from '#core/watch/index.js';

/** Reads in flight while gathering a report: quick for hundreds of models, gentle on the table. */
const READ_CONCURRENCY = 8;

/** Where a report's records come from: the history (with the watch's measurements) and the transcripts in the bucket. */
export interface ReportSources {
  readonly history: HistoryStore;
  /** Absent where no bucket is configured: regressions then show no utterances, and say why. */
  readonly transcripts?: VerificationTranscripts | undefined;
  /** The accuracy watch's transcripts; absent like `transcripts`. */
  readonly watchTranscripts?: TranscriptStore | undefined;
}

/** The report of a fleet run; `summary` is the one just made when the run is still being closed. */
export async function gatherFleetRunReport(
  sources: ReportSources,
  fleetRunId: string,
  now: Date,
  summary?: FleetSummary,
): Promise<Report> {
  const run = await sources.history.fleet.getRun(fleetRunId);
  if (!run) throw new ReportSubjectNotFoundError(`Fleet run ${fleetRunId}`);
  const runSummary = summary ?? run.summary;
  if (!runSummary) throw new ReportSubjectNotFoundError(`A summary of fleet run ${fleetRunId}`);
  const outcomes = await sources.history.fleet.unitOutcomes(fleetRunId);
  const verifiedUnits = outcomes.filter(
    (o) => o.verification.passed + o.verification.regressed + o.verification.invalid > 0,
  );
  const verifications = (
    await mapWithConcurrency(verifiedUnits, READ_CONCURRENCY, (o) =>
      sources.history.verification.ofRun(o.unitRunId),
    )
  ).flat();
  const scored = verifications.filter((record) => record.outcome !== 'unverified');
  const series = await mapWithConcurrency(scored, READ_CONCURRENCY, (record) =>
    seriesInput(sources, record.instanceId, record.customizationId, record),
  );
  return fleetRunReport({
    run,
    summary: runSummary,
    verifications,
    series,
    transcripts: await regressionTranscripts(sources, scored),
    generatedAt: now.toISOString(),
  });
}

/** The report of one model: every verified upgrade and measurement it had. */
export async function gatherModelReport(
  sources: ReportSources,
  instanceId: string,
  customizationId: string,
  now: Date,
): Promise<Report> {
  const series = await seriesInput(sources, instanceId, customizationId);
  if (series.attempts.length === 0 && series.measurements.length === 0)
    throw new ReportSubjectNotFoundError(`Model ${customizationId} of instance ${instanceId}`);
  return modelReport({
    series,
    transcripts: await regressionTranscripts(sources, series.verifications),
    generatedAt: now.toISOString(),
  });
}

/** A measurement as a point: recognised with the newest version the model had then. */
function measuredWer(measurement: Measurement): MeasuredWer {
  return {
    at: measurement.measuredAt,
    wer: measurement.wer,
    version: measurement.modelVersions.at(-1) ?? measurement.baseModelName,
  };
}

/**
 * The report of an accuracy-watch run of an instance (its latest when `watchRunId` is absent):
 * every model it measured, with its history and, for a model gone worse, the utterances that changed.
 */
export async function gatherWatchReport(
  sources: ReportSources,
  instanceId: string,
  watchRunId: string | undefined,
  maxWerIncrease: number | null,
  now: Date,
): Promise<Report> {
  const run = watchRunId
    ? await sources.history.watch.run(instanceId, watchRunId)
    : (await sources.history.watch.runs(instanceId, 1))[0];
  if (!run)
    throw new ReportSubjectNotFoundError(
      `A watch run${watchRunId ? ` ${watchRunId}` : ''} of instance ${instanceId}`,
    );
  const modelIds: string[] = [];
  for (let page = 1; page <= run.pages; page++) {
    modelIds.push(...((await sources.history.watch.page(instanceId, run.watchRunId, page)) ?? []));
  }
  const measured = await mapWithConcurrency(modelIds, READ_CONCURRENCY, async (customizationId) => {
    const measurement = await sources.history.watch.measurement(instanceId, customizationId, run.watchRunId);
    if (!measurement) return undefined;
    const series = await seriesInput(sources, instanceId, customizationId);
    const worse = measurement.comparison?.verdict === 'worse';
    return {
      measurement,
      series: { ...series, modelName: measurement.modelName, baseModelName: measurement.baseModelName },
      ...(worse && { transcripts: await watchTranscripts(sources, measurement) }),
    };
  });
  return watchReport({
    run,
    models: measured.filter((model) => model !== undefined),
    maxWerIncrease,
    generatedAt: now.toISOString(),
  });
}

/** The baseline's and the measurement's transcripts, or why they cannot be shown. */
async function watchTranscripts(
  sources: ReportSources,
  measurement: Measurement,
): Promise<NonNullable<WatchedModel['transcripts']>> {
  const store = sources.watchTranscripts;
  if (!store) return { problem: 'no bucket is configured to read its transcripts from' };
  const { instanceId, customizationId } = measurement;
  const baselineRunId = await sources.history.watch.baseline(instanceId, customizationId);
  const baseline =
    baselineRunId && (await sources.history.watch.measurement(instanceId, customizationId, baselineRunId));
  if (!baseline) return { problem: 'its baseline measurement is not in the history' };
  try {
    const [before, current] = await Promise.all([
      store.read(baseline.transcripts),
      store.read(measurement.transcripts),
    ]);
    if (before.length === 0 || current.length === 0)
      return { problem: 'the transcripts of its measurements were not kept' };
    return { baseline: before, current };
  } catch (error) {
    return { problem: `its transcripts could not be read: ${(error as Error).message}` };
  }
}

async function seriesInput(
  sources: ReportSources,
  instanceId: string,
  customizationId: string,
  known?: VerificationRecord,
): Promise<ModelSeriesInput> {
  const attempts = await sources.history.modelHistory(instanceId, customizationId);
  const records = await mapWithConcurrency(attempts, READ_CONCURRENCY, (attempt) =>
    attempt.runId === known?.runId
      ? Promise.resolve(known)
      : sources.history.verification.get(attempt.runId, customizationId),
  );
  const verifications = records
    .filter((record): record is VerificationRecord => record !== undefined)
    .sort((a, b) => a.verifiedAt.localeCompare(b.verifiedAt));
  const named = known ?? verifications.at(-1) ?? attempts[0];
  return {
    instanceId,
    customizationId,
    modelName: named?.modelName ?? '',
    baseModelName: named?.baseModelName ?? '',
    attempts,
    verifications,
    measurements: (await sources.history.watch.measurements(instanceId, customizationId)).map(measuredWer),
  };
}

/** The transcripts of each regressed verification, or why they cannot be shown. */
async function regressionTranscripts(
  sources: ReportSources,
  records: readonly VerificationRecord[],
): Promise<Map<string, FoundTranscripts>> {
  const found = new Map<string, FoundTranscripts>();
  for (const record of records.filter((r) => r.outcome === 'regressed' && r.transcripts)) {
    const prefix = record.transcripts as string;
    if (!sources.transcripts) {
      found.set(transcriptsKey(record), { problem: 'no bucket is configured to read its transcripts from' });
      continue;
    }
    try {
      const batches = await sources.transcripts.batches(prefix);
      const utterances = batches.flatMap((batch) => batch.utterances);
      found.set(
        transcriptsKey(record),
        utterances.length > 0
          ? { utterances }
          : { problem: `no transcripts under ${sources.transcripts.store.where(prefix).uri}` },
      );
    } catch (error) {
      found.set(transcriptsKey(record), {
        problem: `its transcripts could not be read: ${(error as Error).message}`,
      });
    }
  }
  return found;
}
