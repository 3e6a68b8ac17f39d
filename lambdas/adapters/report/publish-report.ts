import type { ObjectAddress, ObjectStore } from '#adapters/object-store/index.js';
import type { FleetSummary } from '#core/fleet/fleet-records.js';
import { fleetRunReportKey, watchRunReportKey } from '#core/report/index.js';
import { renderReportHtml } from './html/index.js';
import { gatherFleetRunReport, gatherWatchReport, type ReportSources } from './report-data.js';

export type PublishedReport = ObjectAddress | { readonly notWritten: string };

/**
 * Writes a fleet run's HTML report to the bucket. A report that cannot be written is said so in
 * the summary, never a failed fleet run: the upgrades it reports on are done.
 */
export async function publishFleetRunReport(
  sources: ReportSources & { readonly bucket: ObjectStore },
  fleetRunId: string,
  summary: FleetSummary,
  now: Date,
): Promise<PublishedReport> {
  try {
    const report = await gatherFleetRunReport(sources, fleetRunId, now, summary);
    const key = fleetRunReportKey(fleetRunId);
    await sources.bucket.put(key, renderReportHtml(report), 'text/html; charset=utf-8');
    return sources.bucket.where(key);
  } catch (error) {
    return { notWritten: `the report could not be written: ${(error as Error).message}` };
  }
}

/** Writes an accuracy-watch run's HTML report to the bucket; like a fleet run's, never fails the run. */
export async function publishWatchRunReport(
  sources: ReportSources & { readonly bucket: ObjectStore },
  instanceId: string,
  watchRunId: string,
  maxWerIncrease: number | null,
  now: Date,
): Promise<PublishedReport> {
  try {
    const report = await gatherWatchReport(sources, instanceId, watchRunId, maxWerIncrease, now);
    const key = watchRunReportKey(instanceId, watchRunId);
    await sources.bucket.put(key, renderReportHtml(report), 'text/html; charset=utf-8');
    return sources.bucket.where(key);
  } catch (error) {
    return { notWritten: `the report could not be written: ${(error as Error).message}` };
  }
}
