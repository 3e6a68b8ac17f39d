import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { fleetStatusSchema } from '#core/fleet/fleet-records.js';
import { type DeployConfig, deployConfigSchema } from '#lib/config/deploy-config.js';
import { nothingToUpgrade } from '#lib/constructs/notifications.js';
import { SttModelUpgraderStack } from '#lib/stt-model-upgrader-stack.js';
import { STACK_SYNTHESIS_TIMEOUT_MS } from './timeouts.js';

function build(config: Record<string, unknown>) {
  const app = new App({
    outdir: mkdtempSync(path.join(tmpdir(), 'operations-')),
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  const parsed: DeployConfig = deployConfigSchema.parse(config);
  return new SttModelUpgraderStack(app, 'SttModelUpgrader', { config: parsed });
}
function synth(config: Record<string, unknown>) {
  const stack = build(config);
  return { stack, template: Template.fromStack(stack) };
}

const instances = [{ id: 'cloud' }, { id: 'cpd', secret: { name: 'team/stt-cpd' } }];
const { stack, template } = synth({
  instances,
  notifications: { emails: ['ops@example.com', 'oncall@example.com'] },
});
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
/** The upgrader's own functions; the one other is CDK's, copying the settings at deploy time. */
const handlerFunctions = () =>
  ofType('AWS::Lambda::Function').filter(([, r]) =>
    JSON.stringify(r.Properties.Environment ?? {}).includes('UPGRADER_HANDLER'),
  );
const policyStatements = () =>
  ofType('AWS::IAM::Policy').flatMap(([id, r]) =>
    (
      r.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }
    ).Statement.map((statement) => ({
      id,
      actions: [statement.Action].flat(),
      resource: statement.Resource,
    })),
  );

describe('security', () => {
  it('uses Resource "*" only for X-Ray and CloudWatch Logs delivery, which offer nothing narrower', () => {
    const starred = policyStatements().filter(
      (s) => s.resource === '*' || JSON.stringify(s.resource).includes('"*"'),
    );
    // Every function and state machine traces, so X-Ray is among them; a wider grant would show below.
    expect(starred.flatMap((s) => s.actions)).toEqual(
      expect.arrayContaining(['xray:PutTraceSegments', 'logs:CreateLogDelivery']),
    );
    for (const statement of starred) {
      for (const action of statement.actions)
        expect(action, statement.id).toMatch(
          /^(xray:|logs:(Create|Get|Update|Delete|List)LogDeliver|logs:(PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)$)/,
        );
    }
  });

  it('gives each handler its own role writing its own log group, without AWS managed policies', () => {
    for (const [id, role] of ofType('AWS::IAM::Role')) {
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    }
    const logStatements = policyStatements().filter((s) => s.actions.includes('logs:PutLogEvents'));
    expect(logStatements).toHaveLength(ofType('AWS::Lambda::Function').length);
    for (const s of logStatements)
      expect(JSON.stringify(s.resource)).toMatch(/^\{"Fn::GetAtt":\["\w+Logs\w+","Arn"\]\}$/);
  });

  it('writes DynamoDB only to the history table', () => {
    const [tableId] = ofType('AWS::DynamoDB::Table').map(([id]) => id);
    for (const s of policyStatements().filter((s) => s.actions.some((a) => a.startsWith('dynamodb:')))) {
      expect(JSON.stringify(s.resource)).toContain(tableId);
      expect(JSON.stringify(s.resource).replaceAll(tableId ?? '', '')).not.toMatch(/Table/);
    }
  });

  it('keeps the history: PITR, deletion protection, encryption at rest, retained with the stack', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      }),
    });
  });

  it('logs every state machine to a log group with retention, all events without data, with X-Ray', () => {
    for (const [id, machine] of ofType('AWS::StepFunctions::StateMachine')) {
      expect(machine.Properties.TracingConfiguration, id).toEqual({ Enabled: true });
      expect(machine.Properties.LoggingConfiguration, id).toMatchObject({
        Level: 'ALL',
        IncludeExecutionData: false,
      });
    }
    for (const [id, group] of ofType('AWS::Logs::LogGroup'))
      expect(group.Properties.RetentionInDays, id).toBe(90);
  });

  it('encrypts the notification topic with a rotated customer key that EventBridge and CloudWatch may use', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('creates a secret for an instance without one and references an existing one by name', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'stt-model-upgrader/cloud' });
    const readers = policyStatements().filter((s) => s.actions.includes('secretsmanager:GetSecretValue'));
    expect(JSON.stringify(readers)).toContain(':secret:team/stt-cpd-??????');
  });
});

describe('notifications', () => {
  it('subscribes each configured email to the topic', () => {
    for (const email of ['ops@example.com', 'oncall@example.com']) {
      template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: email });
    }
  });

  it('sends one readable message with the console link per failed, timed-out or aborted unit run, standalone or a fleet’s', () => {
    const unitMachine = stack.getLogicalId(stack.unitWorkflow.stateMachine.node.defaultChild as never);
    const fleetMachine = stack.getLogicalId(stack.fleetWorkflow.stateMachine.node.defaultChild as never);
    const rules = template.findResources('AWS::Events::Rule', {
      Properties: {
        EventPattern: {
          source: ['aws.states'],
          'detail-type': ['Step Functions Execution Status Change'],
          detail: {
            // A fleet's units are Distributed Map children: the fleet's ARN with the Map Run's label.
            stateMachineArn: [
              { Ref: unitMachine },
              { prefix: { 'Fn::Join': ['', [{ Ref: fleetMachine }, '/']] } },
            ],
            status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          },
        },
      },
    });
    // The same events also reach the closer of abandoned runs (test/infra/abandoned-runs.test.ts).
    const toTopic = Object.values(rules).filter((r) =>
      JSON.stringify(r.Properties.Targets).includes('NotificationsTopic'),
    );
    const [rule] = toTopic;
    expect(toTopic).toHaveLength(1);
    const targets = rule?.Properties.Targets as {
      Arn: unknown;
      InputTransformer: { InputTemplate: unknown };
    }[];
    const target = targets[0];
    expect(target?.Arn).toEqual({ Ref: expect.stringMatching(/^NotificationsTopic/) });
    const text = JSON.stringify(target?.InputTransformer.InputTemplate);
    expect(text).toContain('unit run <detail-name> ended <detail-status>');
    expect(text).toContain('Cause: <detail-cause>');
    expect(text).toContain('#/v2/executions/details/<detail-executionArn>');
  });

  it('sends one message per fleet run with its summary, except a run that found nothing to upgrade', () => {
    const fleetMachine = stack.getLogicalId(stack.fleetWorkflow.stateMachine.node.defaultChild as never);
    const withSummary = Match.objectLike({
      InputTransformer: Match.objectLike({
        InputPathsMap: Match.objectLike({ 'detail-output': '$.detail.output' }),
        InputTemplate: {
          'Fn::Join': [
            '',
            Match.arrayWith([
              Match.stringLikeRegexp(
                'fleet run <detail-name> ended <detail-status>. Summary: <detail-output>',
              ),
            ]),
          ],
        },
      }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        detail: { stateMachineArn: [{ Ref: fleetMachine }], status: ['FAILED', 'TIMED_OUT', 'ABORTED'] },
      },
      Targets: [withSummary],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        detail: {
          stateMachineArn: [{ Ref: fleetMachine }],
          status: ['SUCCEEDED'],
          output: [{ 'anything-but': { wildcard: `*"status":"${nothingToUpgrade}"*` } }],
        },
      },
      Targets: [withSummary],
    });
    // The marker is the one the fleet summary writes.
    expect(fleetStatusSchema.options).toContain(nothingToUpgrade);
  });

  it(
    'reports fleet runs that found nothing when configured to',
    () => {
      const chatty = synth({ instances, notifications: { notifyWhenNothingFound: true } });
      const fleetMachine = chatty.stack.getLogicalId(
        chatty.stack.fleetWorkflow.stateMachine.node.defaultChild as never,
      );
      chatty.template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          detail: { stateMachineArn: [{ Ref: fleetMachine }], status: ['SUCCEEDED'], output: Match.absent() },
        },
      });
    },
    STACK_SYNTHESIS_TIMEOUT_MS,
  );

  it(
    'publishes to an existing topic instead of creating one',
    () => {
      const topicArn = 'arn:aws:sns:eu-west-1:123456789012:ops-alerts';
      const other = synth({ instances, notifications: { topicArn, emails: ['ops@example.com'] } }).template;
      other.resourceCountIs('AWS::SNS::Topic', 0);
      other.resourceCountIs('AWS::KMS::Key', 0);
      other.hasResourceProperties('AWS::SNS::Subscription', {
        TopicArn: topicArn,
        Endpoint: 'ops@example.com',
      });
      other.hasResourceProperties('AWS::Events::Rule', { Targets: [Match.objectLike({ Arn: topicArn })] });
      other.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [topicArn] });
    },
    STACK_SYNTHESIS_TIMEOUT_MS,
  );
});

describe('alarms and dashboard', () => {
  const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
  const functionCount = handlerFunctions().length;
  const machineCount = ofType('AWS::StepFunctions::StateMachine').length;

  it('alarms on each function’s errors and throttles and each state machine’s failed, timed-out and aborted runs', () => {
    const byMetric = (name: string) => alarms.filter((a) => a.MetricName === name);
    expect(byMetric('Errors')).toHaveLength(functionCount);
    expect(byMetric('Throttles')).toHaveLength(functionCount);
    const ended = alarms.filter((a) =>
      JSON.stringify(a.Metrics ?? '').includes('failed + timedOut + aborted'),
    );
    // One per state machine, and one for a fleet's units, which report under the Map Run's labelled ARN.
    expect(ended).toHaveLength(machineCount + 1);
    expect(JSON.stringify(ended[0]?.Metrics)).toMatch(
      /ExecutionsFailed.*ExecutionsTimedOut.*ExecutionsAborted/,
    );
  });

  it('alarms on a fleet’s failed, timed-out and aborted units as on standalone units', () => {
    const fleetMachine = stack.getLogicalId(stack.fleetWorkflow.stateMachine.node.defaultChild as never);
    const labelled = { 'Fn::Join': ['', [{ Ref: fleetMachine }, '/RunUnits']] };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith(
        ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted'].map((metricName) =>
          Match.objectLike({
            MetricStat: Match.objectLike({
              Metric: {
                Namespace: 'AWS/States',
                MetricName: metricName,
                Dimensions: [{ Name: 'StateMachineArn', Value: labelled }],
              },
            }),
          }),
        ),
      ),
    });
  });

  it('sends every alarm and its recovery to the topic, and stays quiet without data', () => {
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^NotificationsTopic/) }]);
      expect(alarm.OKActions).toEqual(alarm.AlarmActions);
      expect(alarm.TreatMissingData).toBe('notBreaching');
      expect(alarm.Threshold).toBe(1);
    }
  });

  it('has a dashboard of upgrade outcomes, skip reasons, errors, polls and durations', () => {
    const [dashboard] = ofType('AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard?.[1].Properties.DashboardBody);
    for (const metric of ['UpgradesStarted', 'UpgradesSucceeded', 'PollsPerUpgrade', 'UpgradeDuration']) {
      expect(body).toContain(metric);
    }
    expect(body).toContain('MetricName=\\\\\\"ModelsSkipped\\\\\\"');
    expect(body).toContain('{SttModelUpgrader,Error,service}');
  });

  it('tells the handlers the metrics namespace and service their dashboard reads', () => {
    const others = ofType('AWS::Lambda::Function').filter(
      ([id]) => !handlerFunctions().some(([h]) => h === id),
    );
    expect(others.map(([id]) => id)).toEqual([expect.stringMatching(/^CustomCDKBucketDeployment/)]);
    for (const [id, fn] of handlerFunctions()) {
      expect(fn.Properties.Environment, id).toMatchObject({
        Variables: {
          POWERTOOLS_METRICS_NAMESPACE: 'SttModelUpgrader',
          POWERTOOLS_SERVICE_NAME: 'stt-model-upgrader',
          UPGRADER_HANDLER: expect.stringMatching(/^[a-z-]+$/),
        },
      });
    }
  });
});

describe('outputs', () => {
  it('tells the operator where to start runs, read history and hear from the upgrader', () => {
    const unitMachine = stack.getLogicalId(stack.unitWorkflow.stateMachine.node.defaultChild as never);
    template.hasOutput('UnitStateMachineArn', { Value: { Ref: unitMachine } });
    template.hasOutput('FleetStateMachineArn', {
      Value: { Ref: Match.stringLikeRegexp('^FleetWorkflowStateMachine') },
    });
    template.hasOutput('HistoryTableName', { Value: { Ref: Match.stringLikeRegexp('^HistoryTable') } });
    template.hasOutput('NotificationTopicArn', {
      Value: { Ref: Match.stringLikeRegexp('^NotificationsTopic') },
    });
  });
});
