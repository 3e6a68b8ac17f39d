import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { UpgradeMetric } from '#core/unit/upgrade-metrics.js';
import { parseDeployConfig } from '#lib/config/load-config.js';
import { SttModelUpgraderStack } from '#lib/stt-model-upgrader-stack.js';

const LM = '0a000000-0000-4000-8000-000000000001';

const watchedInstances: unknown[] = [
  { id: 'weekly', testSets: { byModel: { [LM]: 'claims' } } },
  {
    id: 'daily',
    testSets: { default: 'general' },
    watch: { schedule: 'cron(0 5 * * ? *)', maxConcurrency: 25 },
  },
  { id: 'off', testSets: { default: 'general' }, watch: { enabled: false } },
  { id: 'no-sets' },
];

function synth(extra: Record<string, unknown>, instances = watchedInstances) {
  const app = new App({
    outdir: mkdtempSync(path.join(tmpdir(), 'watch-infra-')),
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  const config = parseDeployConfig({ instances, ...extra }, 'test');
  const stack = new SttModelUpgraderStack(app, 'Watch', { config });
  return { stack, template: Template.fromStack(stack) };
}

const { stack, template } = synth({ testSetBucket: { create: true } });

const watchDefinition = () => {
  const machines = template.findResources('AWS::StepFunctions::StateMachine');
  const id =
    stack.accuracyWatch &&
    Stack.of(stack).getLogicalId(stack.accuracyWatch.stateMachine.node.defaultChild as never);
  const definition = machines[id ?? '']?.Properties.DefinitionString as { 'Fn::Join': [string, unknown[]] };
  return definition['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : 'REF')).join('');
};

describe('the accuracy watch infrastructure', () => {
  it('schedules a run per instance with test sets, weekly unless configured, and none for the others', () => {
    const schedules = template.findResources('AWS::Scheduler::Schedule', {
      Properties: { Description: Match.stringLikeRegexp('^Measures the accuracy') },
    });
    const byInstance = Object.values(schedules).map((s) => ({
      expression: s.Properties.ScheduleExpression,
      input: JSON.parse(s.Properties.Target.Input),
    }));
    expect(byInstance).toEqual([
      { expression: 'rate(7 days)', input: { instanceId: 'weekly', trigger: 'schedule' } },
      { expression: 'cron(0 5 * * ? *)', input: { instanceId: 'daily', trigger: 'schedule' } },
    ]);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Description: Match.stringLikeRegexp('^Measures the accuracy'),
      Target: {
        Arn: { Ref: Match.stringLikeRegexp('AccuracyWatchStateMachine') },
        RetryPolicy: { MaximumRetryAttempts: 3 },
      },
    });
  });

  it('plans, measures pages of models in a Distributed Map of child executions, catches failed measurements and summarizes', () => {
    const definition = JSON.parse(watchDefinition()) as {
      StartAt: string;
      States: Record<string, Record<string, unknown>>;
    };
    expect(definition.StartAt).toBe('Plan watch');
    const map = definition.States['Measure models'] as {
      Type: string;
      MaxConcurrency: number;
      ItemProcessor: {
        ProcessorConfig: { Mode: string; ExecutionType: string };
        States: Record<string, { Catch?: { Next: string }[] }>;
      };
      ResultPath: unknown;
    };
    expect(map.Type).toBe('Map');
    expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(map.MaxConcurrency).toBe(25);
    expect(map.ResultPath).toBeNull();
    expect(map.ItemProcessor.States['Measure model']?.Catch?.[0]?.Next).toBe('Record failed measurement');
    expect(definition.States['Did the watch start?']).toMatchObject({
      Choices: [{ Variable: '$.stopped', BooleanEquals: true, Next: 'Watch did not start' }],
    });
    expect(Object.keys(definition.States)).toEqual(
      expect.arrayContaining(['Fetch model page', 'More models?', 'Summarize watch', 'Watch done']),
    );
  });

  it('lets the watch read test sets and write only its transcripts prefix', () => {
    const watchFunction = stack.accuracyWatch?.function;
    if (!watchFunction) throw new Error('the stack has no accuracy watch');
    const watchRole = template.toJSON().Resources[
      stack.getLogicalId(watchFunction.node.defaultChild as never)
    ].Properties.Role['Fn::GetAtt'][0] as string;
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) =>
        (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === watchRole),
      )
      .flatMap(
        (policy) => policy.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[],
      );
    const puts = statements.filter((s) => [s.Action].flat().includes('s3:PutObject'));
    expect(puts).toHaveLength(1);
    expect(JSON.stringify(puts[0]?.Resource)).toContain('/_watch/*');
  });

  it('alarms on the fleet-wide count of models found worse, not per model', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: UpgradeMetric.watchWorse,
      Dimensions: [{ Name: 'service', Value: 'stt-model-upgrader' }],
      Threshold: Match.anyValue(),
    });
  });

  it('shows the fleet-wide watch figures on the dashboard', () => {
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    for (const metric of [UpgradeMetric.watchMeasured, UpgradeMetric.watchWorse, UpgradeMetric.watchMinutes])
      expect(body).toContain(metric);
    expect(body).toContain('Accuracy watch: models per run (whole fleet)');
  });

  it('has no watch without a test-set bucket', () => {
    const without = synth({}, [{ id: 'no-sets' }]);
    expect(without.stack.accuracyWatch).toBeUndefined();
    without.template.resourcePropertiesCountIs(
      'AWS::Scheduler::Schedule',
      { Description: Match.stringLikeRegexp('^Measures the accuracy') },
      0,
    );
  });
});
