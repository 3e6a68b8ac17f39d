import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { metricsNamespace, metricsService, UpgradeMetric } from '#core/unit/upgrade-metrics.js';

export interface AlarmsProps {
  /** Where every alarm (and its return to OK) is sent. */
  readonly topic: sns.ITopic;
  /** State machines by a short name used in alarm descriptions: unit, fleet, ... */
  readonly stateMachines: Readonly<Record<string, sfn.IStateMachine>>;
  /**
   * Executions that report under a labelled state machine ARN, by a short name: a fleet's units,
   * child executions of its Distributed Map (`<fleet ARN>/<label>`), alarm as unit executions do.
   * @default - none
   */
  readonly labelledExecutions?: Readonly<Record<string, string>>;
  /** Every Lambda function of the upgrader (handlers, watcher, scan) by a short name. */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  /**
   * Alarm on upgrades whose verification found the new version worse than the old one.
   * @default false
   */
  readonly verificationRegressions?: boolean;
  /**
   * Alarm on watch runs that found models recognising their test sets worse (one fleet-wide metric).
   * @default false
   */
  readonly watchChanges?: boolean;
}

const period = Duration.minutes(5);

/** Models whose verification found the new version worse, summed over `metricPeriod`. */
export function verificationRegressions(metricPeriod: Duration): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: metricsNamespace,
    metricName: UpgradeMetric.regressed,
    dimensionsMap: { service: metricsService },
    statistic: 'Sum',
    period: metricPeriod,
  });
}

/** Models the accuracy watch found worse past the gate, fleet-wide, summed over `metricPeriod`. */
export function watchWorse(metricPeriod: Duration): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: metricsNamespace,
    metricName: UpgradeMetric.watchWorse,
    dimensionsMap: { service: metricsService },
    statistic: 'Sum',
    period: metricPeriod,
  });
}

/**
 * Alarms on what should never happen unnoticed: executions that failed, timed out or were
 * aborted (one alarm per state machine, on their sum), and Lambda errors and throttles (one of
 * each per function). Any occurrence in five minutes alarms; missing data is fine.
 */
export class Alarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const action = new actions.SnsAction(props.topic);
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, description: string) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
    };
    const executionsEnded = (name: string, metric: (metricName: string) => cloudwatch.IMetric) => {
      const ended = new cloudwatch.MathExpression({
        expression: 'failed + timedOut + aborted',
        usingMetrics: {
          failed: metric('ExecutionsFailed'),
          timedOut: metric('ExecutionsTimedOut'),
          aborted: metric('ExecutionsAborted'),
        },
        period,
        label: `${name} executions failed, timed out or aborted`,
      });
      alarm(
        `${name}ExecutionsFailed`,
        ended,
        `The ${name} state machine had executions that failed, timed out or were aborted; the notification topic has one message per unit`,
      );
    };
    for (const [name, stateMachine] of Object.entries(props.stateMachines)) {
      executionsEnded(name, (metricName) => stateMachine.metric(metricName, { period, statistic: 'Sum' }));
    }
    for (const [name, arn] of Object.entries(props.labelledExecutions ?? {})) {
      executionsEnded(
        name,
        (metricName) =>
          new cloudwatch.Metric({
            namespace: 'AWS/States',
            metricName,
            dimensionsMap: { StateMachineArn: arn },
            statistic: 'Sum',
            period,
          }),
      );
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(
        `${name}Errors`,
        fn.metricErrors({ period, statistic: 'Sum' }),
        `Lambda ${name} failed invocations (errors the state machine may retry)`,
      );
      alarm(
        `${name}Throttles`,
        fn.metricThrottles({ period, statistic: 'Sum' }),
        `Lambda ${name} was throttled: account concurrency is exhausted`,
      );
    }
    if (props.verificationRegressions) {
      alarm(
        'VerificationRegressed',
        verificationRegressions(period),
        'An upgraded model recognises its test set worse than its previous version did: the notification names the model, both word error rates and the base_model_version clients can pin meanwhile',
      );
    }
    if (props.watchChanges) {
      alarm(
        'WatchModelsWorse',
        watchWorse(period),
        'The accuracy watch found models recognising their test sets worse than at their baseline, without any change to the models: one notification per model names it, both word error rates and the words lost',
      );
    }
  }
}
