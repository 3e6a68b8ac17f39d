import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { z } from 'zod';
import { migrationSettingsSchema } from '#core/migration/index.js';
import { instanceSettingsSchema, verificationSettingsSchema } from '#core/settings/instance-settings.js';
import type { DeployConfig } from './config/deploy-config.js';
import { resolveTriggerConfig } from './config/trigger-config.js';
import { AbandonedRuns } from './constructs/abandoned-runs.js';
import { AccuracyWatch } from './constructs/accuracy-watch.js';
import { ExecutionStatusGrant } from './constructs/execution-status-grant.js';
import { FleetWorkflow } from './constructs/fleet-workflow.js';
import { HistoryTable } from './constructs/history-table.js';
import { MigrationFleet } from './constructs/migration-fleet.js';
import { MigrationWorkflow } from './constructs/migration-workflow.js';
import { Notifications } from './constructs/notifications.js';
import { SettingsBucket } from './constructs/settings-bucket.js';
import { deployedSettingsOf, type SttInstanceBinding } from './constructs/stt-instance.js';
import { TestSetBucket } from './constructs/test-set-bucket.js';
import { Triggers } from './constructs/triggers.js';
import { UpgradeUnitWorkflow } from './constructs/upgrade-unit-workflow.js';
import { addObservability } from './observability.js';
import { addOperatorOutputs } from './outputs.js';

export interface SttModelUpgraderStackProps extends StackProps {
  /** The validated deploy configuration (see lib/config/deploy-config.ts). */
  readonly config: DeployConfig;
}

/** The whole upgrader: history table, upgrade-unit workflow, fleet workflow, triggers and alarms. */
export class SttModelUpgraderStack extends Stack {
  readonly history: HistoryTable;
  readonly unitWorkflow: UpgradeUnitWorkflow;
  readonly fleetWorkflow: FleetWorkflow;
  /** Scan and release-notes schedules, and the `Base Model Updated` rule. */
  readonly triggers: Triggers;
  /** The SNS topic for alarms, failed unit runs and fleet run summaries. */
  readonly notifications: Notifications;
  /** Where verification reads the test sets; absent: no upgrade is verified. */
  readonly testSets: TestSetBucket | undefined;
  /** Instances, their settings and pairings, read by the handlers (not in their environment). */
  readonly settings: SettingsBucket;
  /** The closer of runs whose executions ended without recording their end. */
  readonly abandonedRuns: AbandonedRuns;
  /** Moves custom language models to large speech models, one source model per execution. */
  readonly migrationWorkflow: MigrationWorkflow;
  readonly migrationFleet: MigrationFleet;
  /** The accuracy watch; absent without a test-set bucket. */
  readonly accuracyWatch: AccuracyWatch | undefined;

  constructor(scope: Construct, id: string, props: SttModelUpgraderStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.history = new HistoryTable(this, 'History', {
      removalPolicy: config.historyTableRemoval === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.notifications = new Notifications(this, 'Notifications', { config: config.notifications });
    this.testSets = config.testSetBucket
      ? new TestSetBucket(this, 'TestSets', { config: config.testSetBucket })
      : undefined;
    const instances: SttInstanceBinding[] = config.instances.map((instance) => ({
      id: instance.id,
      ...instanceSecret(this, instance),
      pairings: instance.pairings,
      // The settings' own shape picks its fields out of the instance's config: one list of them.
      settings: z.object(instanceSettingsSchema.shape).parse(instance),
    }));
    const logRetention = config.logRetentionDays;
    this.settings = new SettingsBucket(this, 'Settings', {
      deployed: deployedSettingsOf(instances),
      logRetention,
    });
    const verification = this.testSets && {
      testSets: this.testSets,
      settings: config.verification ?? verificationSettingsSchema.parse({}),
      regressionTopic: this.notifications.topic,
    };
    this.unitWorkflow = new UpgradeUnitWorkflow(this, 'UnitWorkflow', {
      historyTable: this.history.table,
      settings: this.settings,
      instances,
      acousticConcurrency: config.acousticConcurrency,
      logRetention,
      pollPolicyOverrides: config.pollPolicy,
      ...(verification ? { verification } : {}),
    });
    const triggerConfig = resolveTriggerConfig(config);
    this.fleetWorkflow = new FleetWorkflow(this, 'FleetWorkflow', {
      historyTable: this.history.table,
      settings: this.settings,
      instances,
      unitFunctions: this.unitWorkflow.functions,
      maxConcurrency: config.fleetMaxConcurrency,
      acousticConcurrency: config.acousticConcurrency,
      ...(verification ? { verification: verification.settings } : {}),
      releaseNotesSourceUrls: triggerConfig.releaseNotes.sources.map((source) => source.url),
      logRetention,
      ...(this.testSets ? { testSets: this.testSets } : {}),
    });
    const { corpusPrefix, ...migrationSettings } = config.migration ?? {};
    this.migrationWorkflow = new MigrationWorkflow(this, 'MigrationWorkflow', {
      historyTable: this.history.table,
      settingsBucket: this.settings,
      instances,
      settings: migrationSettingsSchema.parse(migrationSettings),
      verification: config.verification ?? verificationSettingsSchema.parse({}),
      topic: this.notifications.topic,
      pollPolicyOverrides: config.pollPolicy,
      logRetention,
      ...(this.testSets && { testSets: this.testSets }),
      ...(corpusPrefix !== undefined && { corpusPrefix }),
    });
    this.migrationFleet = new MigrationFleet(this, 'MigrationFleet', {
      historyTable: this.history.table,
      settingsBucket: this.settings,
      instances,
      migrationFunction: this.migrationWorkflow.function,
      topic: this.notifications.topic,
      maxConcurrency: config.fleetMaxConcurrency,
      logRetention,
    });
    this.triggers = new Triggers(this, 'Triggers', {
      fleetStateMachine: this.fleetWorkflow.stateMachine,
      historyTable: this.history.table,
      ...triggerConfig,
      logRetention,
    });
    this.abandonedRuns = new AbandonedRuns(this, 'AbandonedRuns', {
      historyTable: this.history.table,
      unitStateMachine: this.unitWorkflow.stateMachine,
      fleetStateMachine: this.fleetWorkflow.stateMachine,
      logRetention,
    });
    new ExecutionStatusGrant(this, 'ClaimHolders', {
      reader: this.unitWorkflow.functions['start-upgrade'],
      unitStateMachine: this.unitWorkflow.stateMachine,
      fleetStateMachine: this.fleetWorkflow.stateMachine,
    });
    this.notifications.notifyOnFailedExecutions(
      'UnitFailed',
      [
        this.unitWorkflow.stateMachine.stateMachineArn,
        { prefix: `${this.fleetWorkflow.stateMachine.stateMachineArn}/` },
      ],
      'unit run',
    );
    this.accuracyWatch = this.testSets
      ? new AccuracyWatch(this, 'AccuracyWatch', {
          historyTable: this.history.table,
          settingsBucket: this.settings,
          instances,
          testSets: this.testSets,
          topic: this.notifications.topic,
          logRetention,
        })
      : undefined;
    this.notifications.notifyOnFleetRuns('FleetRun', this.fleetWorkflow.stateMachine);
    // Keep last: alarms, dashboard and cdk-nag suppressions cover every function and state machine above.
    addObservability(this, this.notifications.topic, {
      verificationRegressions: this.testSets !== undefined,
      watchChanges: this.accuracyWatch !== undefined,
    });
    addOperatorOutputs(this, {
      unitStateMachine: this.unitWorkflow.stateMachine,
      fleetStateMachine: this.fleetWorkflow.stateMachine,
      migrationStateMachine: this.migrationWorkflow.stateMachine,
      migrationFleetStateMachine: this.migrationFleet.stateMachine,
      historyTable: this.history.table,
      settingsBucket: this.settings.bucket,
      topic: this.notifications.topic,
      ...(this.testSets ? { testSetBucket: this.testSets.bucket } : {}),
    });
  }
}

/**
 * The instance's secret, and the id handlers read it by: its name or complete ARN. CDK's
 * `secretArn` of a secret imported by name is a partial ARN, which Secrets Manager takes for a
 * complete one when the name ends in `-` and six characters; GetSecretValue takes the name itself.
 */
function instanceSecret(
  scope: Construct,
  instance: DeployConfig['instances'][number],
): { secret: secretsmanager.ISecret; secretId: string } {
  const id = `Connection-${instance.id}`;
  if (instance.secret && 'name' in instance.secret) {
    const { name } = instance.secret;
    return { secret: secretsmanager.Secret.fromSecretNameV2(scope, id, name), secretId: name };
  }
  if (instance.secret) {
    const { arn } = instance.secret;
    return { secret: secretsmanager.Secret.fromSecretCompleteArn(scope, id, arn), secretId: arn };
  }
  const secretName = createdSecretName(instance.id);
  const secret = new secretsmanager.Secret(scope, id, {
    secretName,
    description: `Connection JSON (service URL and credentials) of STT instance ${instance.id}; fill it in after deploy`,
  });
  return { secret, secretId: secretName };
}

const createdSecretName = (instanceId: string) => `stt-model-upgrader/${instanceId}`;
