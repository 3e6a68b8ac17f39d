import type { SkipReason } from './upgrade-decision.js';

/** CloudWatch namespace of the upgrader's own metrics. */
export const metricsNamespace = 'SttModelUpgrader';
/** The service every log line, trace and metric (its `service` dimension) is of. */
export const serviceName = 'stt-model-upgrader';

/** Metric names, shared by the handlers that emit them and the dashboard that shows them. */
export const UpgradeMetric = {
  /** Models for which IBM accepted at least one upgrade request. */
  started: 'UpgradesStarted',
  succeeded: 'UpgradesSucceeded',
  /** Dimension `Reason`: a skip reason key such as `already-up-to-date`. */
  skipped: 'ModelsSkipped',
  /** Dimension `Error`: the stable error name, such as `UpgradeTimeout`. */
  failed: 'UpgradesFailed',
  /** One value per started upgrade: the status polls it took. */
  polls: 'PollsPerUpgrade',
  /** One value per finished upgrade, in seconds. */
  duration: 'UpgradeDuration',
  /** Dimension `Outcome`: passed, regressed, invalid or unverified. */
  verified: 'Verifications',
  /** Upgraded models whose new version recognised the test set worse than the old one: the alarm's metric. */
  regressed: 'VerificationRegressed',
  /** Accuracy watch, per fleet (never per model: 10,000 models would be 10,000 custom metrics). */
  watchMeasured: 'WatchModelsMeasured',
  /** Models whose WER got worse past the gate in a watch run: the watch alarm's metric. */
  watchWorse: 'WatchModelsWorse',
  watchBetter: 'WatchModelsBetter',
  watchFailed: 'WatchMeasurementsFailed',
  /** IBM audio minutes a watch run recognised. */
  watchMinutes: 'WatchAudioMinutes',
  /** Watch runs that did not start (the monthly cap). */
  watchStopped: 'WatchRunsStopped',
} as const;

export interface MetricPoint {
  readonly name: (typeof UpgradeMetric)[keyof typeof UpgradeMetric];
  readonly unit: 'Count' | 'Seconds';
  readonly value: number;
  readonly dimension?: { readonly name: 'Reason' | 'Error' | 'Outcome'; readonly value: string };
}

/** Where metric points go: CloudWatch on Lambda, nowhere in local mode. */
export interface MetricsPort {
  record(points: readonly MetricPoint[]): void;
}

/** The fields of an upgrade attempt the metrics read. */
export interface AttemptFigures {
  readonly outcome: 'in-progress' | 'upgraded' | 'skipped' | 'failed';
  readonly reason?: string | undefined;
  readonly skipKey?: SkipReason | undefined;
  readonly error?: string | undefined;
  readonly steps: readonly string[];
  readonly polls: number;
  readonly durationSeconds?: number | undefined;
}

/**
 * A unit's metrics, from its attempts as the history table holds them at the end of the unit.
 * Counting once per unit, from the record, means Step Functions retries of a task never count twice.
 */
export function unitMetricPoints(attempts: readonly AttemptFigures[]): MetricPoint[] {
  const points: MetricPoint[] = [];
  const count = (name: MetricPoint['name'], dimension?: MetricPoint['dimension']) =>
    points.push({ name, unit: 'Count', value: 1, ...(dimension ? { dimension } : {}) });
  for (const attempt of attempts) {
    const started = attempt.steps.length > 0;
    if (started) {
      count(UpgradeMetric.started);
      points.push({ name: UpgradeMetric.polls, unit: 'Count', value: attempt.polls });
    }
    if (attempt.outcome === 'upgraded') {
      count(UpgradeMetric.succeeded);
      if (attempt.durationSeconds !== undefined) {
        points.push({ name: UpgradeMetric.duration, unit: 'Seconds', value: attempt.durationSeconds });
      }
    } else if (attempt.outcome === 'skipped') {
      count(UpgradeMetric.skipped, { name: 'Reason', value: skipKeyOf(attempt) });
    } else {
      // An attempt still in progress when its unit ends was lost: the summary calls it `Unfinished`.
      const error = attempt.outcome === 'failed' ? (attempt.error ?? 'Unknown') : 'Unfinished';
      count(UpgradeMetric.failed, { name: 'Error', value: error });
    }
  }
  return points;
}

/** The key a skipped attempt was recorded with; `unkeyed` for one recorded before keys were kept. */
export function skipKeyOf(attempt: { readonly skipKey?: SkipReason | undefined }): SkipReason | 'unkeyed' {
  return attempt.skipKey ?? 'unkeyed';
}

/** A unit's verification metrics: one count per outcome, and the regressions the alarm watches. */
export function verificationMetricPoints(outcomes: readonly { readonly outcome: string }[]): MetricPoint[] {
  return outcomes.flatMap(({ outcome }): MetricPoint[] => [
    { name: UpgradeMetric.verified, unit: 'Count', value: 1, dimension: { name: 'Outcome', value: outcome } },
    ...(outcome === 'regressed' ? [{ name: UpgradeMetric.regressed, unit: 'Count', value: 1 } as const] : []),
  ]);
}
