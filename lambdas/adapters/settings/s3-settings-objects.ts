import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { type AwsEndpointOptions, awsClientConfig } from '#adapters/aws-endpoint.js';
import { ErrorName, InvalidSettingsError, UpgraderError } from '#core/contract/errors.js';
import type { SettingsObjectKey } from '#core/settings/settings-documents.js';
import type { SettingsObjects, StoredObject } from './settings-objects.js';

/** The settings objects in an S3 bucket; conditional writes (If-Match, If-None-Match) keep concurrent imports apart. */
export class S3SettingsObjects implements SettingsObjects {
  readonly location: string;
  private readonly client: S3Client;

  constructor(
    private readonly bucket: string,
    options: AwsEndpointOptions = {},
  ) {
    this.location = `s3://${bucket}/`;
    // Loopback stand-ins serve buckets by path, not by host name.
    this.client = new S3Client({
      ...awsClientConfig(options),
      forcePathStyle: options.endpoint !== undefined,
    });
  }

  async read(key: SettingsObjectKey): Promise<StoredObject | undefined> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return { text: (await answer.Body?.transformToString('utf8')) ?? '', etag: answer.ETag ?? '' };
    } catch (error) {
      const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
      if (status === 404) return undefined;
      if (status === 403) {
        throw new InvalidSettingsError(`Settings ${this.location}${key}`, [
          'not readable: access denied (the function needs s3:GetObject on it and s3:ListBucket)',
        ]);
      }
      // Throttling, 5xx and network failures outlast the SDK's own retries: the task retries `Transient`.
      if (status === undefined || status >= 500) {
        throw new UpgraderError(
          ErrorName.Transient,
          `Settings ${this.location}${key} could not be read: ${(error as Error).message}`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  async write(key: SettingsObjectKey, text: string, expected: string | null): Promise<boolean> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: text,
          ContentType: 'application/json',
          ...(expected === null ? { IfNoneMatch: '*' } : { IfMatch: expected }),
        }),
      );
      return true;
    } catch (error) {
      // 412: the object changed since it was read; 409: another conditional write is in flight.
      const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
      if (status === 412 || status === 409) return false;
      throw error;
    }
  }
}
