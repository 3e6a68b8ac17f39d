import type { HistoryStore } from '#adapters/history-store/index.js';
import type { VerificationTranscripts } from '#adapters/object-store/index.js';
import { mapWithConcurrency } from '#adapters/test-sets/concurrency.js';
import type { FleetSummary } from '#core/fleet-records.js';
import {
  type FoundTranscripts,
  fleetRunReport,
  type MeasuredWer,
  type ModelSeriesInput,
  modelReport,
  type Report,
  ReportSubjectNotFoundError,
  transcriptsKey,
} from '#core/report/index.js';
import type { VerificationRecord } from '#core/verification/verification-record.js';

/** Reads in flight while gathering a report: quick for hundreds of models, gentle on the table. */
const READ_CONCURRENCY = 8;

/** Where a report's records come from: the history, the transcripts in the bucket, and measurements. */
export interface ReportSources {
  readonly history: HistoryStore;
  /** Absent where no bucket is configured: regressions then show no utterances, and say why. */
  readonly transcripts?: VerificationTranscripts | undefined;
  /** A model's dated WERs from the accuracy watch; none until the watch measures. */
  readonly measurements?: (instanceId: string, customizationId: string) => Promise<readonly MeasuredWer[]>;
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
    measurements: (await sources.measurements?.(instanceId, customizationId)) ?? [],
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
