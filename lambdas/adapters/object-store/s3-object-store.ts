import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { type AwsEndpointOptions, awsClientConfig } from '#adapters/aws-endpoint.js';
import type { ObjectAddress, ObjectStore } from './object-store.js';

/** Objects in an S3 bucket, by key. */
export class S3ObjectStore implements ObjectStore {
  readonly location: string;
  private readonly client: S3Client;

  private readonly region: string | undefined;

  /** `options.endpoint` points at a stand-in in tests; `options.region` also places the console links. */
  constructor(
    private readonly bucket: string,
    options: AwsEndpointOptions = {},
  ) {
    this.location = `s3://${bucket}/`;
    this.region = options.region;
    // Loopback stand-ins serve buckets by path, not by host name.
    this.client = new S3Client({
      ...awsClientConfig(options),
      forcePathStyle: options.endpoint !== undefined,
    });
  }

  async put(key: string, body: string, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }

  async get(key: string): Promise<string | undefined> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return (await answer.Body?.transformToString('utf8')) ?? '';
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  where(key: string): ObjectAddress {
    const link = new URL(`https://s3.console.aws.amazon.com/s3/object/${this.bucket}`);
    if (this.region) link.searchParams.set('region', this.region);
    link.searchParams.set('prefix', key);
    return { uri: `s3://${this.bucket}/${key}`, consoleLink: link.toString() };
  }
}
