import type { Notice } from '../contract/notifier.js';
import type { ComparisonResult, WatchAlert } from './comparison.js';
import { priceOf } from './monthly-cap.js';
import type { WatchRun } from './watch-run.js';

export type WatchVerdict = 'baseline' | 'steady' | 'worse' | 'better';

/** What one measurement adds to its run's counters (a failed one counts as `failed`, with no minutes). */
export interface MeasurementCount {
  readonly verdict: WatchVerdict | 'failed';
  readonly audioMinutes: number;
  readonly priceUsd: number;
}

/** Where a person finds a report: its S3 URI and console link, or its file. */
export interface ReportAddress {
  readonly uri: string;
  readonly consoleLink?: string | undefined;
}

/** What the measure phase writes after the comparison. */
export interface MeasurementOutcome {
  readonly verdict: WatchVerdict;
  /** Make this measurement the model's baseline (which clears its alert). */
  readonly newBaseline: boolean;
  /** Otherwise, the alert to keep: unchanged, new, or null to clear it. */
  readonly alert: WatchAlert | null;
  readonly notice: Notice | undefined;
  readonly count: MeasurementCount;
}

/**
 * After a comparison: the counters, the baseline or alert to store, and the notice, which links the
 * run's report (written at the end of the run, at an address known from the start).
 */
export function measurementOutcome(
  result: ComparisonResult,
  pricePerMinuteUsd: number,
  report: ReportAddress | undefined,
): MeasurementOutcome {
  const { measurement } = result;
  const verdict = measurement.comparison?.verdict ?? 'steady';
  const notice =
    result.notice && report
      ? {
          ...result.notice,
          message: `${result.notice.message}\nReport of this watch run (written when the run ends): ${report.consoleLink ?? report.uri}`,
        }
      : result.notice;
  return {
    verdict,
    newBaseline: result.newBaseline,
    alert: result.alert,
    notice,
    count: {
      verdict,
      audioMinutes: measurement.audioMinutes,
      priceUsd: priceOf(measurement.audioMinutes, pricePerMinuteUsd),
    },
  };
}

/** A finished run with something measured gets a report; a stopped or empty one has nothing to show. */
export function watchRunWantsReport(run: Pick<WatchRun, 'outcome' | 'measured'>): boolean {
  return run.outcome === 'done' && run.measured > 0;
}
