import { type CfnResource, DefaultStackSynthesizer, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { type DeployedSettings, SettingsObjectKey } from '#core/settings/settings-documents.js';

export interface SettingsBucketProps {
  /** The instances, their settings and declared pairings, as the deploy config says: written at every deploy. */
  readonly deployed: DeployedSettings;
  /**
   * Retention of the deploy-time copy's log group.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The settings store: instances, their settings, pairings and test-set mappings, outside the Lambda
 * environment (4 KB) so that a deployment of any size fits. Each deploy writes
 * `deployed/settings.json`; `stt-upgrader pairings import` writes `operator/pairings.json`, which a
 * deploy leaves alone (no pruning). Encrypted, private, versioned (every import can be undone) and
 * reachable over TLS only.
 */
export class SettingsBucket extends Construct {
  readonly bucket: s3.Bucket;
  /** The deployed settings object's content, as written at deploy. */
  readonly deployed: DeployedSettings;

  constructor(scope: Construct, id: string, props: SettingsBucketProps) {
    super(scope, id);
    this.deployed = props.deployed;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      enforceSSL: true,
      // The operator's imported pairings are not in the deploy config: they outlive the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Two small JSON objects written by deploys and the operator CLI; CloudTrail records who changed them and versioning keeps every earlier content.',
    });
    // The JSON is generated at synth and uploaded as an asset: no Docker, no account needed to synth.
    // Its own role and log group, as every function of the stack: no managed policy, no shared logs.
    const logGroup = new logs.LogGroup(this, 'DeploymentLogs', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    });
    const role = new iam.Role(this, 'DeploymentRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    logGroup.grantWrite(role);
    const deployment = new s3deploy.BucketDeployment(this, 'Deployed', {
      role,
      logGroup,
      sources: [s3deploy.Source.jsonData(SettingsObjectKey.Deployed, props.deployed)],
      destinationBucket: this.bucket,
      // Never delete the operator's imported pairings.
      prune: false,
      retainOnDelete: true,
    });
    this.acknowledgeDeploymentFindings(deployment);
  }

  /** cdk-nag findings on the function CDK provides for BucketDeployment, which this stack does not write. */
  private acknowledgeDeploymentFindings(deployment: s3deploy.BucketDeployment): void {
    const stack = Stack.of(this);
    const bucketArn = `<${stack.getLogicalId(this.bucket.node.defaultChild as CfnResource)}.Arn>`;
    const qualifier = DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const assets = `arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-<AWS::Region>/*`;
    const why =
      "CDK's own BucketDeployment function copies the generated settings from the deploy's asset bucket into this bucket at deploy time; CDK writes its grants.";
    Validations.of(deployment.handlerRole).acknowledge(
      ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${why} Its actions are CDK's bucket grants on this bucket and the asset bucket only.`,
      })),
      {
        id: `AwsSolutions-IAM5[Resource::${bucketArn}/*]`,
        reason: `${why} It writes this bucket's objects only.`,
      },
      { id: `AwsSolutions-IAM5[Resource::${assets}]`, reason: `${why} It reads the staged asset.` },
    );
    for (const construct of stack.node.children) {
      if (construct.node.id.startsWith('Custom::CDKBucketDeployment')) {
        Validations.of(construct).acknowledge({
          id: 'AwsSolutions-L1',
          reason: `${why} CDK chooses its Python runtime and updates it with aws-cdk-lib.`,
        });
      }
    }
  }

  /** What a handler needs to find the store. */
  get environment(): Record<string, string> {
    return { SETTINGS_BUCKET: this.bucket.bucketName };
  }

  /** Lets `reader` read the two settings objects (and learn that one is absent), nothing else. */
  grantReadSettings(reader: lambda.IFunction): void {
    reader.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: Object.values(SettingsObjectKey).map((key) => this.bucket.arnForObjects(key)),
      }),
    );
    // Without ListBucket, S3 answers 403 instead of 404 for the operator's pairings before any import.
    reader.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
  }
}
