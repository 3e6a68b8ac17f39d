import { type CfnResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { BASE_MODEL_UPDATED, EVENT_SOURCE } from '#core/release/release-event.js';
import {
  type ReleaseNotesConfig,
  releaseNotesSchema,
  type SchedulesConfig,
  schedulesSchema,
} from '#lib/config/trigger-config.js';
import { HandlerFunction, type TriggerHandlerName } from './handler-function.js';

export interface TriggersProps {
  /** The fleet state machine the scan and on-release start; they may start nothing else. */
  readonly fleetStateMachine: sfn.IStateMachine;
  /** Where the watcher stores release-notes entries and what each source yielded. */
  readonly historyTable: dynamodb.ITable;
  /**
   * The bus the watcher puts `Base Model Updated` on and the rule listens to; operators put
   * hand-made events there too.
   * @default - the account's default bus
   */
  readonly eventBus?: events.IEventBus;
  /**
   * When the scan and the watcher run.
   * @default - scan daily at 03:00 UTC, watch every 6 hours
   */
  readonly schedules?: SchedulesConfig;
  /**
   * What the watcher reads.
   * @default - IBM Cloud's release notes, entries of the last 30 days announced
   */
  readonly releaseNotes?: ReleaseNotesConfig;
  /**
   * Fleet runs started by the scan or a release plan and record, but upgrade nothing.
   * @default false
   */
  readonly dryRun?: boolean;
  /**
   * Retention of the trigger handlers' logs.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * What starts fleet runs without an operator: the scan schedule, the release-notes watcher
 * schedule, and the rule that hands `Base Model Updated` events to the on-release handler.
 * Deliveries that fail after their retries land in one dead-letter queue.
 */
export class Triggers extends Construct {
  /** The watcher, the on-release handler and the scan, by file name in `lambdas/handlers/`. */
  readonly functions: Readonly<Record<TriggerHandlerName, nodejs.NodejsFunction>>;
  readonly scanSchedule: scheduler.Schedule;
  readonly watchSchedule: scheduler.Schedule;
  readonly releaseRule: events.Rule;
  /** Schedules and events that could not be delivered, and invocations that failed every retry. */
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: TriggersProps) {
    super(scope, id);
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const schedules = props.schedules ?? schedulesSchema.parse({});
    const releaseNotes = props.releaseNotes ?? releaseNotesSchema.parse({});
    const eventBus = props.eventBus ?? events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue of the triggers; a dead-letter queue of its own would only move the question.',
    });
    const onFailure = new destinations.SqsDestination(this.deadLetterQueue);

    const watcher = new HandlerFunction(this, 'watch-release-notes', {
      handler: 'watch-release-notes',
      environment: {
        HISTORY_TABLE_NAME: props.historyTable.tableName,
        EVENT_BUS_NAME: eventBus.eventBusName,
        RELEASE_NOTES_SOURCES: JSON.stringify(releaseNotes.sources),
        ANNOUNCE_WITHIN_DAYS: String(releaseNotes.announceWithinDays),
      },
      // Each source may take its 30 s fetch timeout, then a few hundred single-item writes.
      timeout: Duration.seconds(Math.min(900, 60 + 45 * releaseNotes.sources.length)),
      logRetention,
    }).function;
    // Reads and writes single items (entries, source records); no scans, queries or deletes.
    props.historyTable.grant(watcher, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem');
    eventBus.grantPutEventsTo(watcher);

    const fleetEnvironment = {
      FLEET_STATE_MACHINE_ARN: props.fleetStateMachine.stateMachineArn,
      DRY_RUN: String(props.dryRun ?? false),
    };
    const fleetTrigger = (name: 'on-release' | 'scan') => {
      const fn = new HandlerFunction(this, name, {
        handler: name,
        environment: fleetEnvironment,
        logRetention,
      }).function;
      props.fleetStateMachine.grantStartExecution(fn);
      return fn;
    };
    const onRelease = fleetTrigger('on-release');
    const scan = fleetTrigger('scan');
    this.functions = { 'watch-release-notes': watcher, 'on-release': onRelease, scan };
    for (const fn of [watcher, onRelease, scan]) {
      // Scheduler and EventBridge invoke asynchronously: two more tries, then the dead-letter queue.
      fn.configureAsyncInvoke({ retryAttempts: 2, onFailure });
    }

    this.releaseRule = new events.Rule(this, 'BaseModelUpdated', {
      description: `Starts a fleet run for each '${BASE_MODEL_UPDATED}' event (from the watcher or put by hand)`,
      eventBus,
      eventPattern: { source: [EVENT_SOURCE], detailType: [BASE_MODEL_UPDATED] },
      targets: [
        new eventTargets.LambdaFunction(onRelease, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });

    // The scheduled time, not the delivery time, dates a scan: a retried delivery keeps its run name.
    const scheduledTime = scheduler.ScheduleTargetInput.fromObject({
      scheduledTime: scheduler.ContextAttribute.scheduledTime,
    });
    // One role for both schedules, assumable by Scheduler for this account only.
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    const target = (fn: lambda.IFunction) =>
      new schedulerTargets.LambdaInvoke(fn, {
        role: schedulerRole,
        input: scheduledTime,
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
      });
    this.scanSchedule = new scheduler.Schedule(this, 'ScanSchedule', {
      description: 'Scans every configured STT instance and upgrades the models behind their base model',
      schedule: scheduler.ScheduleExpression.expression(schedules.scan),
      target: target(scan),
    });
    this.watchSchedule = new scheduler.Schedule(this, 'ReleaseNotesWatchSchedule', {
      description: 'Checks the release notes for base-model updates that require an upgrade',
      schedule: scheduler.ScheduleExpression.expression(schedules.releaseNotesWatch),
      target: target(watcher),
    });
    const functionArn = (fn: lambda.IFunction) =>
      `<${Stack.of(this).getLogicalId(fn.node.defaultChild as CfnResource)}.Arn>`;
    Validations.of(schedulerRole).acknowledge(
      ...[scan, watcher].map((fn) => ({
        id: `AwsSolutions-IAM5[Resource::${functionArn(fn)}:*]`,
        reason:
          "lambda:InvokeFunction on '<function ARN>:*' covers the versions and aliases of the scheduled handler itself; CDK grants it with the target.",
      })),
    );
  }
}
