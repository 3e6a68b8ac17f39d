import { type MetricPoint, UpgradeMetric } from '../unit/upgrade-metrics.js';
import type { WatchRun } from './watch-run.js';

/** A finished or stopped watch run as fleet-wide metric points: one value per run, no model dimension. */
export function watchMetricPoints(run: WatchRun): MetricPoint[] {
  if (run.outcome === 'stopped') return [{ name: UpgradeMetric.watchStopped, unit: 'Count', value: 1 }];
  return [
    { name: UpgradeMetric.watchMeasured, unit: 'Count', value: run.measured },
    { name: UpgradeMetric.watchWorse, unit: 'Count', value: run.worse },
    { name: UpgradeMetric.watchBetter, unit: 'Count', value: run.better },
    { name: UpgradeMetric.watchFailed, unit: 'Count', value: run.failed },
    { name: UpgradeMetric.watchMinutes, unit: 'Count', value: Math.round(run.audioMinutes * 1000) / 1000 },
  ];
}
