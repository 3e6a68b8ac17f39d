import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '#lib/config/load-config.js';
import { SttModelUpgraderStack } from '#lib/stt-model-upgrader-stack.js';

const app = new App({
  outdir: mkdtempSync(path.join(tmpdir(), 'migration-infra-')),
  context: { 'aws:cdk:bundling-stacks': [] },
});
const config = parseDeployConfig(
  {
    instances: [{ id: 'cloud' }],
    testSetBucket: { name: 'team-test-sets' },
    migration: { targets: { 'es-LA_Telephony': 'es-MX' }, corpusPrefix: 'corpora/' },
  },
  'test',
);
const stack = new SttModelUpgraderStack(app, 'Migration', { config });
const template = Template.fromStack(stack);
const definition = (): Record<string, { Type: string; [key: string]: unknown }> => {
  const machine = stack.resolve(
    (stack.migrationWorkflow.stateMachine.node.defaultChild as { definitionString?: unknown })
      .definitionString,
  );
  const joined = (machine as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1]
    .map((part) => (typeof part === 'string' ? part : 'ARN'))
    .join('');
  return (JSON.parse(joined) as { States: Record<string, { Type: string }> }).States;
};

describe('the migration workflow', () => {
  it('gives its function the target overrides, the corpus store and the gate, and no more', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          UPGRADER_HANDLER: 'migrate-model',
          MIGRATION: JSON.stringify({
            targets: { 'es-LA_Telephony': 'es-MX' },
            trainingPricePerMinuteUsd: 0,
          }),
          CORPUS_STORE: 's3://team-test-sets/corpora/',
          TEST_SET_BUCKET: 'team-test-sets',
        }),
      },
    });
  });

  it('waits for each corpus analysis and each training on a time the function gives, and retries busy and transient answers', () => {
    const states = definition();
    expect(states['wait for the analysis']).toMatchObject({
      Type: 'Wait',
      TimestampPath: '$.step.wakeAt',
      Next: 'add the next corpus',
    });
    expect(states['wait for training']).toMatchObject({
      Type: 'Wait',
      TimestampPath: '$.step.wakeAt',
      Next: 'train',
    });
    expect(states['add the next corpus']).toMatchObject({
      Retry: expect.arrayContaining([
        expect.objectContaining({ ErrorEquals: expect.arrayContaining(['Transient', 'ModelBusy']) }),
      ]),
      Catch: [expect.objectContaining({ Next: 'record failure' })],
    });
    expect(states['migration stopped']).toMatchObject({
      Type: 'Fail',
      ErrorPath: '$.step.error',
      CausePath: '$.step.cause',
    });
  });

  it('rejects a corpus prefix that is not a key prefix, naming the field', () => {
    expect(() =>
      parseDeployConfig({ instances: [{ id: 'a' }], migration: { corpusPrefix: '/corpora' } }, 'test'),
    ).toThrow(/migration\.corpusPrefix/);
  });
});
