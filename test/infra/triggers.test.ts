import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '#lib/config/load-config.js';
import { HistoryTable } from '#lib/constructs/history-table.js';
import { Triggers, type TriggersProps } from '#lib/constructs/triggers.js';
import { SttModelUpgraderStack } from '#lib/stt-model-upgrader-stack.js';
import { STACK_SYNTHESIS_TIMEOUT_MS } from './timeouts.js';

/** A stack with the history table, a stand-in fleet state machine and another one the triggers must not touch. */
function synth(props: Partial<TriggersProps> = {}) {
  const app = new App({
    outdir: mkdtempSync(path.join(tmpdir(), 'triggers-infra-')),
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  const stack = new Stack(app, 'Infra');
  const history = new HistoryTable(stack, 'History', { removalPolicy: RemovalPolicy.DESTROY });
  const fleet = new sfn.StateMachine(stack, 'Fleet', {
    definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Plan')),
  });
  new sfn.StateMachine(stack, 'Other', {
    definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Nothing')),
  });
  const triggers = new Triggers(stack, 'Triggers', {
    fleetStateMachine: fleet,
    historyTable: history.table,
    ...props,
  });
  const id = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as never);
  return {
    template: Template.fromStack(stack),
    fleetId: id(fleet),
    tableId: id(history.table),
    roleId: (fn: { role?: { node: { defaultChild?: unknown } } }) =>
      id(fn.role as { node: { defaultChild?: unknown } }),
    triggers,
  };
}

/** Every statement of the policies attached to one role. */
function statementsOf(template: Template, roleId: string): Record<string, unknown>[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  return Object.values(policies).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties
        .PolicyDocument.Statement,
  );
}

const actionsOf = (statement: Record<string, unknown>) => [statement.Action].flat() as string[];

/** Actions beyond what every handler has: tracing, its own log group, its dead-letter queue. */
const ownActions = (statements: Record<string, unknown>[]) =>
  statements
    .flatMap(actionsOf)
    .filter((action) => !/^(xray|logs|sqs):/.test(action))
    .sort();

describe('Triggers', () => {
  const { template, fleetId, tableId, roleId, triggers } = synth();

  it('schedules the scan daily and the watcher every 6 hours, passing the scheduled time', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 2);
    for (const expression of ['cron(0 3 * * ? *)', 'rate(6 hours)']) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: expression,
        State: 'ENABLED',
        Target: Match.objectLike({
          Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }),
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      });
    }
  });

  it('takes the schedule expressions from the configuration', () => {
    const custom = synth({ schedules: { scan: 'cron(30 1 ? * MON *)', releaseNotesWatch: 'rate(1 hour)' } });
    custom.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 1 ? * MON *)',
    });
    custom.template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 hour)' });
  });

  it('routes Base Model Updated from stt-model-upgrader to on-release, with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['stt-model-upgrader'], 'detail-type': ['Base Model Updated'] },
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Triggersonrelease'), 'Arn'] },
          DeadLetterConfig: { Arn: Match.anyValue() },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86400 },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
  });

  it('lets on-release and scan start the fleet state machine and nothing else', () => {
    for (const fn of [triggers.functions['on-release'], triggers.functions.scan]) {
      const statements = statementsOf(template, roleId(fn));
      const start = statements.filter((statement) => actionsOf(statement).includes('states:StartExecution'));
      expect(start).toEqual([expect.objectContaining({ Effect: 'Allow', Resource: { Ref: fleetId } })]);
      expect(ownActions(statements)).toEqual(['states:StartExecution']);
    }
    // No other role may start the fleet, and nobody gets StartExecution on a wildcard.
    const starters = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
      (
        policy as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }
      ).Properties.PolicyDocument.Statement.filter((statement) =>
        actionsOf(statement).includes('states:StartExecution'),
      ),
    );
    expect(starters.map((statement) => statement.Resource)).toEqual([{ Ref: fleetId }, { Ref: fleetId }]);
  });

  it('lets the watcher put events on the bus and read and write single items of the history table', () => {
    const statements = statementsOf(template, roleId(triggers.functions['watch-release-notes']));
    expect(ownActions(statements)).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'events:PutEvents',
    ]);
    const table = statements.find((statement) => actionsOf(statement).includes('dynamodb:PutItem'));
    // The table and its indexes (CDK's grant on a table always covers both).
    expect(table?.Resource).toEqual([
      { 'Fn::GetAtt': [tableId, 'Arn'] },
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/*']] },
    ]);
    const bus = statements.find((statement) => actionsOf(statement).includes('events:PutEvents'));
    expect(JSON.stringify(bus?.Resource)).toContain(':event-bus/default');
  });

  it('sends only to its own dead-letter queue and log groups besides', () => {
    for (const fn of [
      triggers.functions['watch-release-notes'],
      triggers.functions['on-release'],
      triggers.functions.scan,
    ]) {
      const statements = statementsOf(template, roleId(fn));
      const queue = statements.filter((statement) => actionsOf(statement).some((a) => a.startsWith('sqs:')));
      expect(queue.map((statement) => statement.Resource)).toEqual([
        { 'Fn::GetAtt': [expect.stringMatching(/^TriggersDeadLetters/), 'Arn'] },
      ]);
    }
  });

  it('gives the handlers their configuration: sources, announce window, bus, fleet ARN, dry run', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          RELEASE_NOTES_SOURCES: JSON.stringify([
            {
              url: 'https://raw.githubusercontent.com/ibm-cloud-docs/speech-to-text/HEAD/release-notes.md',
              channel: 'cloud',
            },
          ]),
          ANNOUNCE_WITHIN_DAYS: '30',
          EVENT_BUS_NAME: 'default',
        }),
      },
    });
    const dry = synth({ dryRun: true });
    dry.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ FLEET_STATE_MACHINE_ARN: { Ref: dry.fleetId }, DRY_RUN: 'true' }),
      },
    });
  });
});

describe('trigger configuration', () => {
  const base = { instances: [{ id: 'cloud-us-south' }] };
  const problems = (raw: unknown) => {
    try {
      parseDeployConfig(raw, 'test');
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('accepts rate and cron expressions and sources per channel', () => {
    const config = parseDeployConfig(
      {
        ...base,
        schedules: { scan: 'rate(2 days)', releaseNotesWatch: 'cron(0 */4 * * ? *)' },
        releaseNotes: {
          sources: [
            { url: 'https://example.com/release-notes-data.md', channel: 'cloud-pak-for-data' },
            { url: 'https://example.com/release-notes-hub.md', channel: 'software-hub' },
          ],
          announceWithinDays: 7,
        },
        triggeredRunsDryRun: true,
      },
      'test',
    );
    expect(config.schedules).toEqual({ scan: 'rate(2 days)', releaseNotesWatch: 'cron(0 */4 * * ? *)' });
    expect(config.releaseNotes?.announceWithinDays).toBe(7);
  });

  it.each([
    [{ schedules: { scan: 'every day' } }, 'schedules.scan: must be a Scheduler expression'],
    [{ schedules: { scan: 'rate(6 hours)' } }, 'schedules.scan: must not run more than once a day'],
    [
      { schedules: { releaseNotesWatch: 'cron(0 * * *)' } },
      'schedules.releaseNotesWatch: must be a Scheduler',
    ],
    [{ schedules: { releaseNotesWatch: 'rate(0 hours)' } }, 'schedules.releaseNotesWatch: must have a rate'],
    [
      { releaseNotes: { sources: [{ url: 'ftp://x/y.md', channel: 'cloud' }] } },
      'releaseNotes.sources.0.url',
    ],
    [
      { releaseNotes: { sources: [{ url: 'https://x/y.md', channel: 'cpd' }] } },
      'releaseNotes.sources.0.channel',
    ],
    [{ releaseNotes: { sources: [] } }, 'releaseNotes.sources: configure at least one source'],
  ])('names the field of a bad value: %j', (extra, message) => {
    expect(problems({ ...base, ...extra })).toContain(message);
  });
});

describe('the stack', () => {
  it(
    'points the triggers at its fleet state machine and takes their settings from the deploy config',
    () => {
      const app = new App({
        outdir: mkdtempSync(path.join(tmpdir(), 'triggers-stack-')),
        context: { 'aws:cdk:bundling-stacks': [] },
      });
      const config = parseDeployConfig(
        {
          instances: [{ id: 'cloud-us-south' }],
          schedules: { scan: 'cron(0 5 ? * SUN *)' },
          triggeredRunsDryRun: true,
        },
        'test',
      );
      const stack = new SttModelUpgraderStack(app, 'Whole', { config });
      const template = Template.fromStack(stack);
      const fleetId = stack.getLogicalId(stack.fleetWorkflow.stateMachine.node.defaultChild as never);
      const onReleaseRole = stack.getLogicalId(
        stack.triggers.functions['on-release'].role?.node.defaultChild as never,
      );
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({ FLEET_STATE_MACHINE_ARN: { Ref: fleetId }, DRY_RUN: 'true' }),
        },
      });
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'cron(0 5 ? * SUN *)',
      });
      template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(6 hours)' });
      expect(
        statementsOf(template, onReleaseRole).filter((statement) =>
          actionsOf(statement).includes('states:StartExecution'),
        ),
      ).toEqual([expect.objectContaining({ Resource: { Ref: fleetId } })]);
    },
    STACK_SYNTHESIS_TIMEOUT_MS,
  );
});
