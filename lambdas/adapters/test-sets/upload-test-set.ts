import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type AwsEndpointOptions, awsClientConfig } from '#adapters/aws-endpoint.js';
import { TEST_SET_MANIFEST } from '#core/verification/test-set.js';
import { mapWithConcurrency } from './concurrency.js';
import { DirectoryTestSet } from './directory-test-set.js';
import { audioKey, formatS3Location, manifestKey, parseS3Location } from './s3-location.js';
import { distinctAudio, loadTestSet } from './test-set-source.js';

/** Uploads in flight: a set of a few hundred files goes quickly without flooding a slow link. */
const UPLOAD_CONCURRENCY = 4;

export interface UploadedTestSet {
  readonly location: string;
  readonly utterances: number;
  readonly audioFiles: number;
  readonly bytes: number;
}

/**
 * Checks a local test set as a verification would (manifest and every audio file), then puts its
 * audio and, last, its manifest under `s3://bucket/prefix/`: a set whose upload broke off has no
 * manifest, so no verification reads half of it.
 */
export async function uploadTestSet(
  directory: string,
  destination: string,
  options: AwsEndpointOptions = {},
): Promise<UploadedTestSet> {
  const source = new DirectoryTestSet(directory);
  const utterances = await loadTestSet(source);
  const where = parseS3Location(destination);
  const client = new S3Client({
    ...awsClientConfig(options),
    forcePathStyle: options.endpoint !== undefined,
  });
  try {
    const audio = distinctAudio(utterances);
    const sizes = await mapWithConcurrency(audio, UPLOAD_CONCURRENCY, async (file) => {
      const body = await source.readAudio(file);
      await client.send(
        new PutObjectCommand({ Bucket: where.bucket, Key: audioKey(where, file), Body: body }),
      );
      return body.length;
    });
    const manifest = await readFile(path.join(source.location, TEST_SET_MANIFEST));
    await client.send(
      new PutObjectCommand({
        Bucket: where.bucket,
        Key: manifestKey(where),
        Body: manifest,
        ContentType: 'application/jsonl',
      }),
    );
    return {
      location: formatS3Location(where),
      utterances: utterances.length,
      audioFiles: audio.length,
      bytes: sizes.reduce((sum, size) => sum + size, 0) + manifest.length,
    };
  } finally {
    client.destroy();
  }
}
