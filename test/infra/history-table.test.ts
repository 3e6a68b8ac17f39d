import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { HistoryTable, type HistoryTableProps } from '#lib/constructs/history-table.js';

function synth(props?: HistoryTableProps): Template {
  const stack = new Stack(new App({ outdir: mkdtempSync(path.join(tmpdir(), 'history-infra-')) }), 'Infra');
  new HistoryTable(stack, 'History', props);
  return Template.fromStack(stack);
}

const gsi = (name: string, pk: string, sk: string) =>
  Match.objectLike({
    IndexName: name,
    KeySchema: [
      { AttributeName: pk, KeyType: 'HASH' },
      { AttributeName: sk, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  });

/** The table's SSESpecification exactly as synthesized. */
function sseOf(template: Template): unknown {
  const [table] = Object.values(template.findResources('AWS::DynamoDB::Table'));
  return table?.Properties.SSESpecification;
}

describe('HistoryTable', () => {
  const template = synth();

  it('is one on-demand AWS::DynamoDB::Table keyed by pk and sk', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties(
      'AWS::DynamoDB::Table',
      Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith(
          ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((name) => ({
            AttributeName: name,
            AttributeType: 'S',
          })),
        ),
      }),
    );
  });

  it('has the byRun and byFailureDay indexes, projecting every attribute', () => {
    template.hasResourceProperties(
      'AWS::DynamoDB::Table',
      Match.objectLike({
        GlobalSecondaryIndexes: [gsi('byRun', 'gsi1pk', 'gsi1sk'), gsi('byFailureDay', 'gsi2pk', 'gsi2sk')],
      }),
    );
  });

  it('is recoverable and protected: point-in-time recovery, deletion protection, retained', () => {
    template.hasResourceProperties(
      'AWS::DynamoDB::Table',
      Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
    );
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('is encrypted at rest with the AWS-managed KMS key, not the owned default nor a customer key', () => {
    // SSEEnabled true without a key id is DynamoDB's AWS-managed key; false or absent would be the owned key.
    expect(sseOf(template)).toEqual({ SSEEnabled: true });
    template.resourceCountIs('AWS::KMS::Key', 0);
  });

  it('drops deletion protection only when the table is meant to go with the stack', () => {
    const disposable = synth({ removalPolicy: RemovalPolicy.DESTROY });
    disposable.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
    expect(sseOf(disposable)).toEqual({ SSEEnabled: true });
  });
});
