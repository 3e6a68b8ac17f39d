import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { metricsNamespace, metricsService, UpgradeMetric } from '#core/unit/upgrade-metrics.js';
import { verificationRegressions } from './alarms.js';

export interface UpgraderDashboardProps {
  readonly stateMachines: Readonly<Record<string, sfn.IStateMachine>>;
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /**
   * Show the regressions that verification found.
   * @default false
   */
  readonly verificationRegressions?: boolean;
  /**
   * Show the accuracy watch's fleet-wide figures.
   * @default false
   */
  readonly watchChanges?: boolean;
}

const period = Duration.hours(1);

/** One CloudWatch dashboard: upgrade outcomes, skip reasons and errors, polls, durations, executions, Lambda health. */
export class UpgraderDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: UpgraderDashboardProps) {
    super(scope, id);
    const upgrade = (metricName: string, statistic: string, label?: string) =>
      new cloudwatch.Metric({
        namespace: metricsNamespace,
        metricName,
        dimensionsMap: { service: metricsService },
        statistic,
        period,
        ...(label ? { label } : {}),
      });
    // Reasons and error names are open-ended: a search shows every one that occurred.
    const byDimension = (metricName: string, dimension: string) =>
      new cloudwatch.MathExpression({
        expression: `SEARCH('{${metricsNamespace},${dimension},service} MetricName="${metricName}"', 'Sum', ${period.toSeconds()})`,
        usingMetrics: {},
        period,
        label: '',
      });
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Upgrades',
        left: [
          upgrade(UpgradeMetric.started, 'Sum', 'started'),
          upgrade(UpgradeMetric.succeeded, 'Sum', 'succeeded'),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Skipped by reason',
        left: [byDimension(UpgradeMetric.skipped, 'Reason')],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Failed by error',
        left: [byDimension(UpgradeMetric.failed, 'Error')],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Polls per upgrade',
        left: [
          upgrade(UpgradeMetric.polls, 'Average', 'average'),
          upgrade(UpgradeMetric.polls, 'p95', 'p95'),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Upgrade duration (seconds)',
        left: [
          upgrade(UpgradeMetric.duration, 'p50', 'p50'),
          upgrade(UpgradeMetric.duration, 'p95', 'p95'),
          upgrade(UpgradeMetric.duration, 'Maximum', 'max'),
        ],
        width: 12,
      }),
    );
    if (props.verificationRegressions) {
      this.dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: 'Verification regressions',
          left: [verificationRegressions(period).with({ label: 'models regressed' })],
          width: 24,
        }),
      );
    }
    if (props.watchChanges) {
      this.dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: 'Accuracy watch: models per run (whole fleet)',
          left: [
            upgrade(UpgradeMetric.watchMeasured, 'Sum', 'measured'),
            upgrade(UpgradeMetric.watchWorse, 'Sum', 'worse'),
            upgrade(UpgradeMetric.watchBetter, 'Sum', 'better'),
            upgrade(UpgradeMetric.watchFailed, 'Sum', 'failed'),
          ],
          width: 12,
        }),
        new cloudwatch.GraphWidget({
          title: 'Accuracy watch: IBM audio minutes and stopped runs',
          left: [upgrade(UpgradeMetric.watchMinutes, 'Sum', 'audio minutes')],
          right: [upgrade(UpgradeMetric.watchStopped, 'Sum', 'runs stopped by the cap')],
          width: 12,
        }),
      );
    }
    this.dashboard.addWidgets(
      ...Object.entries(props.stateMachines).map(
        ([name, stateMachine]) =>
          new cloudwatch.GraphWidget({
            title: `${name} executions`,
            left: [
              stateMachine.metricStarted({ period, label: 'started' }),
              stateMachine.metricSucceeded({ period, label: 'succeeded' }),
              stateMachine.metricFailed({ period, label: 'failed' }),
              stateMachine.metricTimedOut({ period, label: 'timed out' }),
              stateMachine.metricAborted({ period, label: 'aborted' }),
            ],
            width: 12,
          }),
      ),
    );
    const functions = Object.entries(props.functions);
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Lambda errors and throttles',
        left: functions.map(([name, fn]) => fn.metricErrors({ period, label: `${name} errors` })),
        right: functions.map(([name, fn]) => fn.metricThrottles({ period, label: `${name} throttles` })),
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Lambda duration p95 (ms)',
        left: functions.map(([name, fn]) => fn.metricDuration({ period, statistic: 'p95', label: name })),
        width: 12,
      }),
    );
  }
}
