import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DeployConfigError, loadDeployConfig } from '#lib/config/load-config.js';
import { SttModelUpgraderStack } from '#lib/stt-model-upgrader-stack.js';
import { STACK_SYNTHESIS_TIMEOUT_MS } from './timeouts.js';

const dir = mkdtempSync(path.join(tmpdir(), 'deploy-config-'));
const examplePath = path.resolve('lib/config/example.json');
const example = (): Record<string, unknown> => JSON.parse(readFileSync(examplePath, 'utf8'));
const acousticModelId = '5c2f6b7e-1d3a-4f0e-9b8a-2e4d6c8a0b1f';

let files = 0;
/** Writes a config file and loads it the way `cdk synth -c config=<file>` does. */
function loadText(text: string) {
  const file = path.join(dir, `config-${++files}.json`);
  writeFileSync(file, text);
  return loadFile(file);
}
const loadFile = (file: string) =>
  loadDeployConfig(new App({ outdir: mkdtempSync(path.join(dir, 'out-')), context: { config: file } }));
const load = (config: unknown) => loadText(JSON.stringify(config));

/** The one error message a bad config gives. */
function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DeployConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('deploy configuration', () => {
  it('accepts the example and fills in defaults', () => {
    const config = loadFile(examplePath);
    expect(config.instances.map((i) => i.id)).toEqual(['cloud-us-south', 'cpd-cluster']);
    expect(config.notifications).toEqual({
      emails: ['stt-operators@example.com'],
      notifyWhenNothingFound: false,
    });
    const minimal = load({ instances: [{ id: 'a' }] });
    expect(minimal).toMatchObject({
      acousticConcurrency: 4,
      logRetentionDays: 90,
      historyTableRemoval: 'retain',
    });
  });

  it(
    'synthesizes the example as it is',
    () => {
      const app = new App({
        outdir: mkdtempSync(path.join(dir, 'synth-')),
        context: { config: examplePath, 'aws:cdk:bundling-stacks': [] },
      });
      const stack = new SttModelUpgraderStack(app, 'SttModelUpgrader', { config: loadDeployConfig(app) });
      const template = Template.fromStack(stack);
      // Unit, fleet, migration, migration fleet and, with the example's test sets, the accuracy watch.
      template.resourceCountIs('AWS::StepFunctions::StateMachine', 5);
      template.resourceCountIs('AWS::SNS::Subscription', 1);
      // The test-set bucket and the settings bucket.
      template.resourceCountIs('AWS::S3::Bucket', 2);
    },
    STACK_SYNTHESIS_TIMEOUT_MS,
  );

  it('rejects a config without instances, naming the field', () => {
    const { instances: _, ...rest } = example();
    const message = failure(() => load(rest));
    expect(message).toMatch(
      /^Invalid deploy configuration in config file .*config-\d+\.json:\n {2}instances: .*expected array/,
    );
    expect(failure(() => load({ ...rest, instances: [] }))).toContain(
      'instances: configure at least one STT instance',
    );
  });

  it('rejects a bad instance id', () => {
    const message = failure(() => load({ instances: [{ id: 'us south/1' }] }));
    expect(message).toContain('instances.0.id: must be 1-64 letters, digits, dot, dash or underscore');
  });

  it('rejects a bad customization id in a pairing', () => {
    const message = failure(() =>
      load({ instances: [{ id: 'a', pairings: [{ acousticModelId, languageModelId: 'not-a-uuid' }] }] }),
    );
    expect(message).toContain('instances.0.pairings.0.languageModelId: must be a customization id (a UUID)');
  });

  it('rejects an unknown field, naming it where it is', () => {
    expect(failure(() => load({ ...example(), acousticConcurency: 2 }))).toContain(
      'acousticConcurency: unknown field',
    );
    const message = failure(() => load({ instances: [{ id: 'a', secretName: 'x' }] }));
    expect(message).toContain('instances.0.secretName: unknown field');
  });

  it('rejects a retention CloudWatch does not offer', () => {
    const message = failure(() => load({ ...example(), logRetentionDays: 100 }));
    expect(message).toContain('logRetentionDays: must be one of 1, 3, 5, 7, 14, 30, 60, 90');
  });

  it('reads platform, retraining and test sets per instance, and the verification gate', () => {
    const config = loadFile(examplePath);
    expect(config.instances[0]).toMatchObject({
      platform: 'cloud',
      retrainImprovedModels: true,
      testSets: {
        byModel: { '74f4807e-b5ff-4866-824e-6bba1a84fe96': 'claims-calls' },
        byBaseModel: { 'en-US_Telephony': 'telephony-general' },
        default: 'general',
      },
    });
    expect(config.instances[1]).toMatchObject({
      platform: 'cloud-pak',
      retrainImprovedModels: false,
      testSets: { byModel: {}, byBaseModel: {} },
    });
    expect(config.testSetBucket).toEqual({ create: true });
    expect(config.verification).toEqual({
      maxWerIncrease: 0.01,
      maxRegressedUnits: 3,
      recognitionConcurrency: 4,
    });
    expect(
      load({ instances: [{ id: 'a' }], testSetBucket: { name: 'team-test-sets' } }).testSetBucket,
    ).toEqual({
      name: 'team-test-sets',
    });
  });

  it('rejects a bad platform, test-set name, bucket name and gate, naming each field', () => {
    const message = failure(() =>
      load({
        instances: [{ id: 'a', platform: 'cpd', testSets: { byModel: { [acousticModelId]: 'my set' } } }],
        testSetBucket: { name: 'Team_Bucket' },
        verification: { maxWerIncrease: 2 },
      }),
    );
    expect(message).toContain('instances.0.platform: ');
    expect(message).toContain(
      `instances.0.testSets.byModel.${acousticModelId}: must be letters, digits, dots, dashes or underscores`,
    );
    expect(message).toContain('testSetBucket.name: must be an S3 bucket name');
    expect(message).toContain('verification.maxWerIncrease: ');
    expect(failure(() => load({ instances: [{ id: 'a' }], testSetBucket: { create: false } }))).toContain(
      'testSetBucket',
    );
  });

  it('refuses test sets and a gate without a bucket to read the test sets from', () => {
    const message = failure(() =>
      load({ instances: [{ id: 'a' }, { id: 'b', testSets: { default: 'general' } }], verification: {} }),
    );
    expect(message).toContain('verification: needs testSetBucket');
    expect(message).toContain('instances.1.testSets: needs testSetBucket');
    expect(message).not.toContain('instances.0');
  });

  it('rejects a bad notification email and a bad topic ARN', () => {
    const notifications = { emails: ['ops@example.com', 'ops.example.com'] };
    expect(failure(() => load({ ...example(), notifications }))).toContain(
      'notifications.emails.1: must be an email address',
    );
    const topic = { topicArn: 'arn:aws:sqs:us-east-1:123456789012:q' };
    expect(failure(() => load({ ...example(), notifications: topic }))).toContain(
      'notifications.topicArn: must be an SNS topic ARN',
    );
    const ok = load({ ...example(), notifications: { topicArn: 'arn:aws:sns:eu-west-1:123456789012:ops' } });
    expect(ok.notifications).toEqual({
      emails: [],
      topicArn: 'arn:aws:sns:eu-west-1:123456789012:ops',
      notifyWhenNothingFound: false,
    });
  });

  it('reports a file that is not JSON', () => {
    expect(failure(() => loadText('{ "instances": [ { "id": "a" }, ] }'))).toMatch(
      /^Deploy configuration .*config-\d+\.json is not JSON: /,
    );
  });

  it('reports a missing file, and a missing config', () => {
    const missing = path.join(dir, 'nowhere.json');
    expect(failure(() => loadFile(missing))).toMatch(
      /^Cannot read deploy configuration .*nowhere\.json: .*ENOENT/,
    );
    const app = new App({ outdir: mkdtempSync(path.join(dir, 'out-')) });
    expect(failure(() => loadDeployConfig(app))).toContain('pass -c config=<file.json>');
  });

  it('gives every problem in one message, one line per field', () => {
    const message = failure(() => load({ instances: [{ id: '' }], logRetentionDays: 2, extra: true }));
    expect(message.split('\n')).toHaveLength(4);
  });
});
