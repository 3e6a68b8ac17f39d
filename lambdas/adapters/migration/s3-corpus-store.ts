import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { type AwsEndpointOptions, awsClientConfig } from '#adapters/aws-endpoint.js';
import type { CorpusStore } from '#core/migration/index.js';
import { parseS3Location } from '../test-sets/s3-location.js';

/** Corpus files under `s3://bucket/prefix/<customization id>/` or else `.../<model name>/`. */
export function s3CorpusStore(location: string, options: AwsEndpointOptions = {}): CorpusStore {
  const where = parseS3Location(location);
  const client = new S3Client({
    ...awsClientConfig(options),
    forcePathStyle: options.endpoint !== undefined,
  });
  const keysUnder = async (prefix: string): Promise<string[]> => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: where.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const item of page.Contents ?? []) {
        const rest = (item.Key ?? '').slice(prefix.length);
        if (rest !== '' && !rest.includes('/')) keys.push(item.Key as string);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  };
  return {
    async list(model) {
      for (const folder of [model.customizationId, model.name]) {
        const keys = await keysUnder(`${where.prefix}${folder}/`);
        if (keys.length > 0) {
          return keys.map((key) => ({
            fileName: key.slice(key.lastIndexOf('/') + 1),
            location: `s3://${where.bucket}/${key}`,
          }));
        }
      }
      return [];
    },
    async read(objectLocation) {
      const object = parseS3Location(objectLocation.replace(/\/?$/u, '/'));
      const key = object.prefix.replace(/\/$/u, '');
      const answer = await client.send(new GetObjectCommand({ Bucket: object.bucket, Key: key }));
      return (await answer.Body?.transformToString('utf8')) ?? '';
    },
  };
}
