import type { FleetSummary } from '../fleet/fleet-records.js';
import { keyPart, REPORTS_PREFIX } from '../verification/transcript-keys.js';

/** Where a fleet run's HTML report goes in the bucket. */
export function fleetRunReportKey(fleetRunId: string): string {
  return `${REPORTS_PREFIX}fleet-runs/${keyPart(fleetRunId)}.html`;
}

/** Where an accuracy-watch run's HTML report goes in the bucket. */
export function watchRunReportKey(instanceId: string, watchRunId: string): string {
  return `${REPORTS_PREFIX}watch-runs/${keyPart(instanceId)}/${keyPart(watchRunId)}.html`;
}

/** A run that found nothing to upgrade (a quiet daily scan) has nothing to show: no report. */
export function fleetRunWantsReport(summary: Pick<FleetSummary, 'status'>): boolean {
  return summary.status !== 'NothingToUpgrade';
}
