import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDeployConfig } from '#lib/config/load-config.js';
import { environmentSize } from '#lib/constructs/handler-function.js';
import { SttModelUpgraderStack } from '#lib/stt-model-upgrader-stack.js';
import { STACK_SYNTHESIS_TIMEOUT_MS } from './timeouts.js';

const uuid = (prefix: string, n: number) => `${prefix}000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const INSTANCES = 50;
const PAIRINGS_PER_INSTANCE = 100;
const MAPPED_MODELS_PER_INSTANCE = 200;
const LAMBDA_ENVIRONMENT_LIMIT = 4096;
/** CloudFormation's largest template, uploaded through S3 as `cdk deploy` does. */
const TEMPLATE_LIMIT = 1_000_000;

/** 50 instances, 5,000 pairings and test sets mapped for 10,000 models; some secrets by name, one by ARN. */
function largeConfig() {
  return parseDeployConfig(
    {
      instances: Array.from({ length: INSTANCES }, (_, i) => ({
        id: `instance-${String(i).padStart(2, '0')}`,
        ...(i % 2 === 0 ? { secret: { name: `stt/instance-${i}-abc123` } } : {}),
        pairings: Array.from({ length: PAIRINGS_PER_INSTANCE }, (_, p) => ({
          acousticModelId: uuid('0b', i * 1000 + p),
          languageModelId: uuid('0a', i * 1000 + (p % 10)),
        })),
        testSets: {
          byModel: Object.fromEntries(
            Array.from({ length: MAPPED_MODELS_PER_INSTANCE }, (_, m) => [
              uuid('0c', i * 1000 + m),
              `set-${m % 7}`,
            ]),
          ),
        },
      })),
      testSetBucket: { create: true },
    },
    'test',
  );
}

let stack: SttModelUpgraderStack;
let template: Template;
beforeAll(() => {
  const app = new App({
    outdir: mkdtempSync(path.join(tmpdir(), 'at-scale-')),
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  stack = new SttModelUpgraderStack(app, 'AtScale', { config: largeConfig() });
  // Synthesizes the whole app: construct validations (the environment limit among them) run here.
  app.synth();
  template = Template.fromStack(stack);
}, STACK_SYNTHESIS_TIMEOUT_MS);

describe('a deploy config of 50 instances, 5,000 pairings and test sets for 10,000 models', () => {
  it('synthesizes: every function environment under 4 KB, the template under CloudFormation limit', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThan(10);
    for (const fn of functions) {
      const variables = (fn.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
      const size = environmentSize(
        Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, JSON.stringify(value)])),
      );
      expect(size, String(variables.UPGRADER_HANDLER)).toBeLessThan(LAMBDA_ENVIRONMENT_LIMIT / 2);
    }
    expect(Buffer.byteLength(JSON.stringify(template.toJSON()))).toBeLessThan(TEMPLATE_LIMIT);
  });

  it('deploys them all to the settings store', () => {
    const instances = Object.values(stack.settings.deployed.instances);
    expect(instances).toHaveLength(INSTANCES);
    expect(instances.flatMap((instance) => instance.pairings)).toHaveLength(
      INSTANCES * PAIRINGS_PER_INSTANCE,
    );
    const mapped = instances.flatMap((instance) => Object.keys(instance.settings.testSets.byModel));
    expect(new Set(mapped).size).toBe(INSTANCES * MAPPED_MODELS_PER_INSTANCE);
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: stack.getLogicalId(stack.settings.bucket.node.defaultChild as never) },
      Prune: false,
    });
  });
});

describe('a secret given by name', () => {
  it('reaches the handlers by its name, never as a partial ARN Secrets Manager could misread', () => {
    const named = stack.settings.deployed.instances['instance-00'];
    expect(named?.secretId).toBe('stt/instance-0-abc123');
    expect(stack.settings.deployed.instances['instance-01']?.secretId).toBe('stt-model-upgrader/instance-01');
    for (const instance of Object.values(stack.settings.deployed.instances)) {
      expect(instance.secretId).not.toMatch(/^arn:/);
    }
  });

  it('is granted with the six characters Secrets Manager appends, to the handlers that call IBM only', () => {
    const granted = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy).includes(':secret:stt/instance-0-abc123-??????'),
    );
    // check-model, start-upgrade, poll-upgrade, verify-model, the planner, migrate-model, the migration
    // fleet's planner and accuracy-watch.
    expect(granted).toHaveLength(8);
  });

  it(
    'is a complete ARN when the config gives one',
    () => {
      const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:stt/cpd-abc123-Xy9zQw';
      const app = new App({
        outdir: mkdtempSync(path.join(tmpdir(), 'secret-arn-')),
        context: { 'aws:cdk:bundling-stacks': [] },
      });
      const withArn = new SttModelUpgraderStack(app, 'SecretArn', {
        config: parseDeployConfig({ instances: [{ id: 'cpd', secret: { arn } }] }, 'test'),
      });
      expect(withArn.settings.deployed.instances.cpd?.secretId).toBe(arn);
    },
    STACK_SYNTHESIS_TIMEOUT_MS,
  );
});
