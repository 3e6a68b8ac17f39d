import type { AwsEndpointOptions } from '#adapters/aws-endpoint.js';
import { DirectoryObjectStore } from './directory-object-store.js';
import type { ObjectStore } from './object-store.js';
import { S3ObjectStore } from './s3-object-store.js';

export { DirectoryObjectStore } from './directory-object-store.js';
export type { ObjectAddress, ObjectStore } from './object-store.js';
export { S3ObjectStore } from './s3-object-store.js';
export { VerificationTranscripts } from './verification-transcripts.js';

/** The store at `s3://bucket` (the bucket's root), or else a local directory. */
export function openObjectStore(location: string, s3: AwsEndpointOptions = {}): ObjectStore {
  const bucket = /^s3:\/\/([^/]+)\/?$/u.exec(location)?.[1];
  if (location.startsWith('s3://') && !bucket) throw new Error(`'${location}' must name a bucket only`);
  return bucket ? new S3ObjectStore(bucket, s3) : new DirectoryObjectStore(location);
}
