import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  AWS_CALLS_ALLOWANCE_SECONDS,
  RECOGNITION_TIMEOUT_SECONDS,
} from '#core/contract/lambda-tasks/function-timeouts.js';
import { instanceSettingsByIdSchema } from '#core/settings/instance-settings.js';
import { watchSettingsSchema } from '#core/watch/watch-settings.js';
import { parseDeployConfig } from '#lib/config/load-config.js';
import { SttModelUpgraderStack } from '#lib/stt-model-upgrader-stack.js';

const LM = '0a000000-0000-4000-8000-000000000001';

function synth(extra: Record<string, unknown>) {
  const app = new App({
    outdir: mkdtempSync(path.join(tmpdir(), 'verification-infra-')),
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  const config = parseDeployConfig(
    {
      instances: [
        {
          id: 'cloud',
          retrainImprovedModels: true,
          probeBehind: true,
          testSets: { byModel: { [LM]: 'claims' }, default: 'general' },
        },
        { id: 'cpd', platform: 'cloud-pak' },
      ],
      ...extra,
    },
    'test',
  );
  const stack = new SttModelUpgraderStack(app, 'Verification', { config });
  return { stack, template: Template.fromStack(stack) };
}

/** The accuracy watch's settings where the config says nothing of it. */
const defaultWatch = watchSettingsSchema.parse({});

const created = synth({ testSetBucket: { create: true }, verification: { maxWerIncrease: 0.02 } });
const existing = synth({ testSetBucket: { name: 'team-test-sets' } });
const without = synth({ instances: [{ id: 'cloud' }, { id: 'cpd', platform: 'cloud-pak' }] });

/** The settings store's bucket, and the deploy's asset bucket its content is copied from: not test sets. */
const aboutSettings = (resource: unknown) =>
  /SettingsBucket|cdk-[a-z0-9]+-assets/.test(JSON.stringify(resource));

/** Statements about test sets: S3 actions on anything but the settings store. */
const s3Statements = (template: Template) =>
  Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
    (policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).filter(
      (statement) =>
        [statement.Action].flat().some((action) => action.startsWith('s3:')) &&
        !aboutSettings(statement.Resource),
    ),
  );

const testSetBuckets = (template: Template) =>
  Object.keys(template.findResources('AWS::S3::Bucket')).filter((id) => !id.startsWith('SettingsBucket'));

describe('test-set bucket', () => {
  it('is a stack output, so the operator knows where to upload test sets', () => {
    created.template.hasOutput('TestSetBucketName', {
      Value: { Ref: Match.stringLikeRegexp('^TestSetsBucket') },
    });
    existing.template.hasOutput('TestSetBucketName', { Value: 'team-test-sets' });
    expect(Object.keys(without.template.findOutputs('TestSetBucketName'))).toEqual([]);
  });

  it('created: S3-managed encryption, public access blocked, versioned, TLS only, kept with the stack', () => {
    const { template } = created;
    expect(testSetBuckets(template)).toHaveLength(1);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('existing: referenced by name, no bucket resource', () => {
    expect(testSetBuckets(existing.template)).toEqual([]);
    expect(Object.keys(existing.template.findResources('AWS::S3::BucketPolicy'))).toEqual([
      expect.stringMatching(/^SettingsBucketPolicy/),
    ]);
    expect(existing.stack.testSets?.bucket.bucketName).toBe('team-test-sets');
  });

  it('absent: no bucket, no S3 permission anywhere', () => {
    expect(testSetBuckets(without.template)).toEqual([]);
    expect(without.stack.testSets).toBeUndefined();
    expect(s3Statements(without.template)).toEqual([]);
  });
});

describe('the verifying function', () => {
  const functionId = (stack: SttModelUpgraderStack) => {
    const fn = stack.unitWorkflow.functions['verify-model'];
    if (!fn) throw new Error('the stack has no verify-model function');
    return stack.getLogicalId(fn.node.defaultChild as never);
  };
  const roleOf = (template: Template, id: string) =>
    template.toJSON().Resources[id].Properties.Role['Fn::GetAtt'][0] as string;
  /** The S3 statements of each role that has any. */
  const s3ByRole = (template: Template) => {
    const byRole: Record<string, unknown[]> = {};
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      const statements = s3Statements(Template.fromJSON({ Resources: { P: policy } }));
      for (const role of policy.Properties.Roles as { Ref: string }[]) {
        if (statements.length > 0) byRole[role.Ref] = [...(byRole[role.Ref] ?? []), ...statements];
      }
    }
    return byRole;
  };

  const summarizeFleetId = (stack: SttModelUpgraderStack) =>
    stack.getLogicalId(stack.fleetWorkflow.functions['summarize-fleet'].node.defaultChild as never);
  /**
   * Besides verification, the accuracy watch and the migration comparison recognise test sets, and
   * the fleet summary reads transcripts for its report.
   */
  const testSetReaders = (stack: SttModelUpgraderStack, template: Template) =>
    [
      functionId(stack),
      summarizeFleetId(stack),
      stack.getLogicalId(stack.migrationWorkflow.function.node.defaultChild as never),
      ...(stack.accuracyWatch
        ? [stack.getLogicalId(stack.accuracyWatch.function.node.defaultChild as never)]
        : []),
    ]
      .map((id) => roleOf(template, id))
      .sort();

  it('with the watch, the migration and the fleet summary, is the only one that may read the created bucket; it puts only transcripts, the summary only reports', () => {
    const { stack, template } = created;
    const bucketId = stack.getLogicalId(stack.testSets?.bucket.node.defaultChild as never);
    const objects = (prefix: string) => ({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${prefix}`]],
    });
    const readers = s3ByRole(template);
    expect(Object.keys(readers).sort()).toEqual(testSetReaders(stack, template));
    expect(readers[roleOf(template, functionId(stack))]).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: { 'Fn::GetAtt': [bucketId, 'Arn'] },
      }),
      expect.objectContaining({ Effect: 'Allow', Action: 's3:GetObject', Resource: objects('*') }),
      expect.objectContaining({
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: objects('_upgrader/transcripts/*'),
      }),
    ]);
    // The fleet summary reads transcripts and writes its report: never a test set.
    expect(readers[roleOf(template, summarizeFleetId(stack))]).toEqual([
      expect.objectContaining({ Action: 's3:ListBucket', Resource: { 'Fn::GetAtt': [bucketId, 'Arn'] } }),
      expect.objectContaining({ Action: 's3:GetObject', Resource: objects('_upgrader/transcripts/*') }),
      expect.objectContaining({ Action: 's3:PutObject', Resource: objects('_upgrader/reports/*') }),
    ]);
    const variables = template.toJSON().Resources[summarizeFleetId(stack)].Properties.Environment.Variables;
    expect(variables.TEST_SET_BUCKET).toEqual({ Ref: bucketId });
  });

  it('with the watch, the migration and the fleet summary, is the only one that may read an existing bucket, by its name', () => {
    const { stack, template } = existing;
    const readers = s3ByRole(template);
    expect(Object.keys(readers).sort()).toEqual(testSetReaders(stack, template));
    const text = JSON.stringify(readers[roleOf(template, functionId(stack))]);
    expect(text).toContain(':s3:::team-test-sets"');
    expect(text).toContain(':s3:::team-test-sets/*"');
    expect(text).toContain(':s3:::team-test-sets/_upgrader/transcripts/*"');
  });

  it('is told the bucket and the gate', () => {
    const variables = (made: ReturnType<typeof synth>) =>
      made.template.toJSON().Resources[functionId(made.stack)].Properties.Environment.Variables;
    expect(variables(created)).toMatchObject({
      TEST_SET_BUCKET: {
        Ref: created.stack.getLogicalId(created.stack.testSets?.bucket.node.defaultChild as never),
      },
      VERIFICATION: JSON.stringify({ maxWerIncrease: 0.02, recognitionConcurrency: 4 }),
      UPGRADER_HANDLER: 'verify-model',
    });
    expect(variables(existing)).toMatchObject({
      TEST_SET_BUCKET: 'team-test-sets',
      VERIFICATION: JSON.stringify({ maxWerIncrease: 0.01, recognitionConcurrency: 4 }),
    });
  });

  it('does not exist without a test-set bucket, and no state verifies', () => {
    expect(without.stack.unitWorkflow.functions['verify-model']).toBeUndefined();
    const handlers = Object.values(without.template.findResources('AWS::Lambda::Function')).map(
      (fn) => fn.Properties.Environment?.Variables?.UPGRADER_HANDLER,
    );
    expect(handlers).toContain('check-model');
    expect(handlers).not.toContain('verify-model');
    const definitions = JSON.stringify(without.template.findResources('AWS::StepFunctions::StateMachine'));
    expect(definitions).not.toMatch(/verif/i);
    expect(JSON.stringify(created.template.findResources('AWS::StepFunctions::StateMachine'))).toMatch(
      /verif/i,
    );
  });

  it('may run a recognise batch at its worst: a token, ten recognitions of 25 s and the AWS calls', () => {
    const fn = created.template.toJSON().Resources[functionId(created.stack)];
    expect(fn.Properties.Timeout).toBeGreaterThanOrEqual(
      25 + 10 * RECOGNITION_TIMEOUT_SECONDS + AWS_CALLS_ALLOWANCE_SECONDS,
    );
  });
});

describe('regression alarm', () => {
  const regressionAlarms = (template: Template) =>
    template.findResources('AWS::CloudWatch::Alarm', {
      Properties: Match.objectLike({ MetricName: 'VerificationRegressed' }),
    });

  it('alarms to the notification topic on one regressed verification in five minutes', () => {
    const alarms = Object.values(regressionAlarms(created.template));
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.Properties).toMatchObject({
      Namespace: 'SttModelUpgrader',
      Dimensions: [{ Name: 'service', Value: 'stt-model-upgrader' }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: expect.stringMatching(/^NotificationsTopic/) }],
      OKActions: [{ Ref: expect.stringMatching(/^NotificationsTopic/) }],
    });
  });

  it('shows regressions on the dashboard', () => {
    const [dashboard] = Object.values(created.template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    expect(body).toContain('Verification regressions');
    expect(body).toContain('VerificationRegressed');
  });

  it('exists only where upgrades are verified', () => {
    expect(Object.keys(regressionAlarms(existing.template))).toHaveLength(1);
    expect(regressionAlarms(without.template)).toEqual({});
    const [dashboard] = Object.values(without.template.findResources('AWS::CloudWatch::Dashboard'));
    expect(JSON.stringify(dashboard?.Properties.DashboardBody)).not.toContain('VerificationRegressed');
  });
});

describe('instance settings', () => {
  const environmentOf = (template: Template, handler: string) => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: Match.objectLike({ UPGRADER_HANDLER: handler }) } },
    });
    const [fn] = Object.values(functions);
    return fn?.Properties.Environment.Variables as Record<string, unknown>;
  };

  it("reach every unit handler and the planner through the settings store: each instance's platform, retraining opt-in, probe opt-in and test sets", () => {
    const { stack, template } = created;
    const handlers = [...Object.keys(stack.unitWorkflow.functions), 'plan-fleet'];
    expect(handlers).toHaveLength(8);
    expect(handlers).toContain('verify-model');
    const bucket = stack.getLogicalId(stack.settings.bucket.node.defaultChild as never);
    for (const handler of handlers) {
      expect(environmentOf(template, handler)?.SETTINGS_BUCKET, handler).toEqual({ Ref: bucket });
    }
    const settings = Object.fromEntries(
      Object.entries(stack.settings.deployed.instances).map(([id, instance]) => [id, instance.settings]),
    );
    expect(instanceSettingsByIdSchema.parse(settings)).toEqual({
      cloud: {
        platform: 'cloud',
        retrainImprovedModels: true,
        probeBehind: true,
        testSets: { byModel: { [LM]: 'claims' }, byBaseModel: {}, default: 'general' },
        watch: defaultWatch,
      },
      cpd: {
        platform: 'cloud-pak',
        retrainImprovedModels: false,
        probeBehind: false,
        testSets: { byModel: {}, byBaseModel: {} },
        watch: defaultWatch,
      },
    });
  });

  it('default to IBM Cloud without retraining or test sets', () => {
    expect(without.stack.settings.deployed.instances.cloud?.settings).toEqual({
      platform: 'cloud',
      retrainImprovedModels: false,
      probeBehind: false,
      testSets: { byModel: {}, byBaseModel: {} },
      watch: defaultWatch,
    });
  });
});

describe('what verification tells the unit and the fleet', () => {
  const environmentOf = (template: Template, handler: string) => {
    const [fn] = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: Match.objectLike({ UPGRADER_HANDLER: handler }) } },
      }),
    );
    return fn?.Properties.Environment.Variables as Record<string, unknown>;
  };

  it('lets summarize-unit publish regressions to the notification topic, and of the rest only the watch and the migration', () => {
    expect(environmentOf(created.template, 'summarize-unit').NOTIFICATION_TOPIC_ARN).toEqual({
      Ref: expect.stringMatching(/^NotificationsTopic/),
    });
    const publishers = Object.values(created.template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('sns:Publish'),
    );
    const roles = publishers.map((policy) => JSON.stringify(policy.Properties.Roles));
    expect(roles).toHaveLength(3);
    for (const handler of [/summarizeunit/i, /accuracywatch/i, /migratemodel/i]) {
      expect(
        roles.filter((role) => handler.test(role)),
        String(handler),
      ).toHaveLength(1);
    }
    expect(environmentOf(without.template, 'summarize-unit').NOTIFICATION_TOPIC_ARN).toBeUndefined();
  });

  it('gives the fleet planner the gate, so a run can stop after maxRegressedUnits', () => {
    const gate = JSON.parse(String(environmentOf(created.template, 'plan-fleet').VERIFICATION));
    expect(gate).toMatchObject({ maxWerIncrease: 0.02, recognitionConcurrency: 4 });
    expect(environmentOf(without.template, 'plan-fleet').VERIFICATION).toBeUndefined();
  });
});
