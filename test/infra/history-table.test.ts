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

  it('is recoverable and protected: point-in-time recovery, deletion protection, KMS encryption, retained', () => {
    template.hasResourceProperties(
      'AWS::DynamoDB::Table',
      Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
      }),
    );
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('drops deletion protection only when the table is meant to go with the stack', () => {
    const disposable = synth({ removalPolicy: RemovalPolicy.DESTROY });
    disposable.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
    expect(disposable.findResources('AWS::KMS::Key')).toEqual({});
  });
});
