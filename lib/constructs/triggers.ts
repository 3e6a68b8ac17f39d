import { type CfnResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { BASE_MODEL_UPDATED, EVENT_SOURCE } from '#core/release-event.js';
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
   * hand-made events there too. Default: the account's default bus.
   */
  readonly eventBus?: events.IEventBus;
  /** When the scan and the watcher run. Default: scan daily at 03:00 UTC, watch every 6 hours. */
  readonly schedules?: SchedulesConfig;
  /** What the watcher reads. Default: IBM Cloud's release notes, entries of the last 30 days announced. */
  readonly releaseNotes?: ReleaseNotesConfig;
  /** Fleet runs started by the scan or a release plan and record, but upgrade nothing. Default false. */
  readonly dryRun?: boolean;
  /** Retention of the trigger handlers' logs. Default three months. */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * What starts fleet runs without an operator: the scan schedule, the release-notes watcher
 * schedule, and the rule that hands `Base Model Updated` events to the on-release handler.
 * Deliveries that fail after their retries land in one dead-letter queue.
 */
export class Triggers extends Construct {
  readonly watcher: HandlerFunction;
  readonly onRelease: HandlerFunction;
  readonly scan: HandlerFunction;
  /** Handlers by file name, so local mode can map each function of the template to its code. */
  readonly handlers: ReadonlyMap<TriggerHandlerName, HandlerFunction>;
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

    this.watcher = new HandlerFunction(this, 'watch-release-notes', {
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
    });
    // Reads and writes single items (entries, source records); no scans, queries or deletes.
    props.historyTable.grant(
      this.watcher.function,
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    );
    eventBus.grantPutEventsTo(this.watcher.function);

    const fleetEnvironment = {
      FLEET_STATE_MACHINE_ARN: props.fleetStateMachine.stateMachineArn,
      DRY_RUN: String(props.dryRun ?? false),
    };
    const fleetTrigger = (name: 'on-release' | 'scan') => {
      const fn = new HandlerFunction(this, name, {
        handler: name,
        environment: fleetEnvironment,
        logRetention,
      });
      props.fleetStateMachine.grantStartExecution(fn.function);
      return fn;
    };
    this.onRelease = fleetTrigger('on-release');
    this.scan = fleetTrigger('scan');
    for (const fn of [this.watcher, this.onRelease, this.scan]) {
      // Scheduler and EventBridge invoke asynchronously: two more tries, then the dead-letter queue.
      fn.function.configureAsyncInvoke({ retryAttempts: 2, onFailure });
    }
    this.handlers = new Map([
      ['watch-release-notes', this.watcher],
      ['on-release', this.onRelease],
      ['scan', this.scan],
    ]);

    this.releaseRule = new events.Rule(this, 'BaseModelUpdated', {
      description: `Starts a fleet run for each '${BASE_MODEL_UPDATED}' event (from the watcher or put by hand)`,
      eventBus,
      eventPattern: { source: [EVENT_SOURCE], detailType: [BASE_MODEL_UPDATED] },
      targets: [
        new eventTargets.LambdaFunction(this.onRelease.function, {
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
    const target = (fn: HandlerFunction) =>
      new schedulerTargets.LambdaInvoke(fn.function, {
        role: schedulerRole,
        input: scheduledTime,
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
      });
    this.scanSchedule = new scheduler.Schedule(this, 'ScanSchedule', {
      description: 'Scans every configured STT instance and upgrades the models behind their base model',
      schedule: scheduler.ScheduleExpression.expression(schedules.scan),
      target: target(this.scan),
    });
    this.watchSchedule = new scheduler.Schedule(this, 'ReleaseNotesWatchSchedule', {
      description: 'Checks the release notes for base-model updates that require an upgrade',
      schedule: scheduler.ScheduleExpression.expression(schedules.releaseNotesWatch),
      target: target(this.watcher),
    });
    const functionArn = (fn: HandlerFunction) =>
      `<${Stack.of(this).getLogicalId(fn.function.node.defaultChild as CfnResource)}.Arn>`;
    Validations.of(schedulerRole).acknowledge(
      ...[this.scan, this.watcher].map((fn) => ({
        id: `AwsSolutions-IAM5[Resource::${functionArn(fn)}:*]`,
        reason:
          "lambda:InvokeFunction on '<function ARN>:*' covers the versions and aliases of the scheduled handler itself; CDK grants it with the target.",
      })),
    );
  }
}
