import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  type MetricPoint,
  type MetricsPort,
  metricsNamespace,
  metricsService,
} from '#core/unit/upgrade-metrics.js';

const units = { Count: MetricUnit.Count, Seconds: MetricUnit.Seconds } as const;

/**
 * Metric points as CloudWatch embedded metric format on standard output: no API call, no extra
 * permission, the Lambda log group carries them. Points with a dimension go out one by one so
 * each keeps its own dimension; the rest share one flushed document.
 */
export class PowertoolsMetrics implements MetricsPort {
  constructor(
    private readonly metrics = new Metrics({ namespace: metricsNamespace, serviceName: metricsService }),
  ) {}

  record(points: readonly MetricPoint[]): void {
    if (points.length === 0) return;
    for (const point of points) {
      if (point.dimension) {
        const single = this.metrics.singleMetric();
        single.addDimension(point.dimension.name, point.dimension.value);
        single.addMetric(point.name, units[point.unit], point.value);
      } else {
        this.metrics.addMetric(point.name, units[point.unit], point.value);
      }
    }
    this.metrics.publishStoredMetrics();
  }
}
