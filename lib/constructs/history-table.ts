import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TableIndex } from '#core/contract/workflow-contract.js';

export interface HistoryTableProps {
  /**
   * What happens to the table when it leaves the stack. The history is the audit trail of every
   * upgrade, so it outlives the stack unless a test or throwaway stack says otherwise.
   * `DESTROY` also turns deletion protection off, which would otherwise block the deletion.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The upgrade history: runs, upgrade attempts, step events, claims and release-notes entries in
 * one table. Keys answer "what happened to model X" (`pk`/`sk`), "what ran in run R" (index
 * `byRun`) and "what failed on day D" (sparse index `byFailureDay`, only failed attempts).
 */
export class HistoryTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: HistoryTableProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      // Bursty, tiny traffic (a few writes per poll): on-demand costs nothing while idle.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // On, except when the caller asked for the table to go with the stack: protection would make
      // that stack deletion fail.
      deletionProtection: removalPolicy !== RemovalPolicy.DESTROY,
      // The table holds model ids and outcomes, never credentials: the AWS-managed key encrypts it
      // with KMS and CloudTrail auditing, without a customer key's monthly cost and key policy upkeep.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TableIndex.ByRun,
      partitionKey: { name: 'gsi1pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TableIndex.ByFailureDay,
      partitionKey: { name: 'gsi2pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'gsi2sk', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
}
