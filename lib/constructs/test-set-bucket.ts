import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { TestSetBucketConfig } from '#lib/config/deploy-config.js';

export interface TestSetBucketProps {
  /** `{ create: true }` for a bucket of the stack's own, `{ name }` for an existing one. */
  readonly config: TestSetBucketConfig;
}

/**
 * Where the operator's test sets live (a prefix per set: a JSON Lines manifest and its audio).
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

  /** Lets `grantee` read the test sets: list the bucket and get objects, nothing else. */
  grantReadTestSets(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects('*')] }),
    );
  }
}
