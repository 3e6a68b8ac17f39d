import { type CfnResource, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { REPORTS_PREFIX, TRANSCRIPTS_PREFIX } from '#core/verification/transcript-keys.js';
import type { TestSetBucketConfig } from '#lib/config/deploy-config.js';

export interface TestSetBucketProps {
  /** `{ create: true }` for a bucket of the stack's own, `{ name }` for an existing one. */
  readonly config: TestSetBucketConfig;
}

/**
 * Where the operator's test sets live (a prefix per set: a JSON Lines manifest and its audio), and
 * the upgrader's own objects under `_upgrader/`: verification transcripts and HTML reports.
 * A created bucket is encrypted, private, versioned and reachable over TLS only; an existing one is
 * used as it is.
 */
export class TestSetBucket extends Construct {
  readonly bucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: TestSetBucketProps) {
    super(scope, id);
    if ('name' in props.config) {
      this.bucket = s3.Bucket.fromBucketName(this, 'Bucket', props.config.name);
      return;
    }
    const bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      enforceSSL: true,
      // The operator's recordings and transcripts: they outlive the stack, as the history does.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket holds test audio that the operator uploads and one function reads; CloudTrail records who changed it, and an access-log bucket would be one more bucket to secure for reads the verifying function already logs.',
    });
    this.bucket = bucket;
  }

  /** Lets `reader` read the test sets: list the bucket and get its objects, nothing else. */
  grantReadTestSets(reader: lambda.IFunction): void {
    reader.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    reader.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects('*')] }),
    );
    if (!reader.role) return;
    Validations.of(reader.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.objectsAsNagPrints()}]`,
      reason:
        'Test sets are prefixes chosen by the operator (a manifest and its audio under each): reading them needs every object of this one bucket, read-only.',
    });
  }

  /** Lets `writer` put objects under `prefix` only (verification or watch transcripts), nothing else. */
  grantWriteTranscripts(writer: lambda.IFunction, prefix: string): void {
    this.grantPutUnder(
      writer,
      prefix,
      'Each verification or measurement writes its own transcripts (named by model and run) under this one prefix of the test-set bucket; nothing outside the prefix is writable.',
    );
  }

  /**
   * Lets `reporter` read verification transcripts (list the bucket, get them) and put reports under
   * their prefix: the test sets themselves stay out of its reach.
   */
  grantReports(reporter: lambda.IFunction): void {
    reporter.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    reporter.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${TRANSCRIPTS_PREFIX}*`)],
      }),
    );
    reporter.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${REPORTS_PREFIX}*`)],
      }),
    );
    const reason =
      'A report reads every transcript of the run it reports on and writes one file per run, below the prefixes the upgrader owns.';
    this.acknowledgeObjects(reporter, TRANSCRIPTS_PREFIX, reason);
    this.acknowledgeObjects(reporter, REPORTS_PREFIX, reason);
  }

  /** Lets `writer` put reports under `prefix` only (one file per run), nothing else. */
  grantWriteReports(writer: lambda.IFunction, prefix: string): void {
    this.grantPutUnder(
      writer,
      prefix,
      'Each run writes its one HTML report (named by instance and run) under this one prefix of the upgrader; nothing outside the prefix is writable.',
    );
  }

  /** `s3:PutObject` under one prefix and nothing else, with the reason cdk-nag is told for its wildcard. */
  private grantPutUnder(writer: lambda.IFunction, prefix: string, reason: string): void {
    writer.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${prefix}*`)],
      }),
    );
    this.acknowledgeObjects(writer, prefix, reason);
  }

  private acknowledgeObjects(fn: lambda.IFunction, prefix: string, reason: string): void {
    if (!fn.role) return;
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.objectsAsNagPrints(prefix)}]`,
      reason,
    });
  }

  /** How cdk-nag prints the objects of the bucket (under `prefix`). */
  private objectsAsNagPrints(prefix = ''): string {
    const created = this.bucket.node.defaultChild as CfnResource | undefined;
    if (created) return `<${Stack.of(this).getLogicalId(created)}.Arn>/${prefix}*`;
    return `arn:<AWS::Partition>:s3:::${this.bucket.bucketName}/${prefix}*`;
  }
}
