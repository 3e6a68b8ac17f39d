import { z } from 'zod';
import { parseOrThrow } from '#core/contract/parse.js';
import { TEST_SET_MANIFEST } from '#core/verification/test-set.js';

/** A test set's place in S3: the bucket, and the prefix its manifest and audio paths are under. */
export interface S3TestSetLocation {
  readonly bucket: string;
  /** Empty for the bucket's root, otherwise ending in `/`. */
  readonly prefix: string;
}

const locationSchema = z
  .string()
  .regex(/^s3:\/\/[^/]+(\/.*)?$/u, 'must look like s3://bucket/prefix/')
  .transform((url) => {
    const [, bucket = '', rest = ''] = /^s3:\/\/([^/]+)\/?(.*)$/u.exec(url) ?? [];
    return { bucket, prefix: rest === '' || rest.endsWith('/') ? rest : `${rest}/` };
  })
  .refine((location) => /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/u.test(location.bucket), {
    message: 'names a bucket S3 does not allow (3 to 63 lower-case letters, digits, dots and hyphens)',
  });

/** True for `s3://...` locations; anything else is a local directory. */
export function isS3Location(location: string): boolean {
  return location.startsWith('s3://');
}

/** `s3://bucket/prefix/` (the trailing `/` optional) as bucket and prefix; `InvalidInput` when malformed. */
export function parseS3Location(location: string): S3TestSetLocation {
  return parseOrThrow(locationSchema, location, 'Test set location');
}

export function manifestKey(location: S3TestSetLocation): string {
  return `${location.prefix}${TEST_SET_MANIFEST}`;
}

/** The object key of an audio file named by its manifest path. */
export function audioKey(location: S3TestSetLocation, audio: string): string {
  return `${location.prefix}${audio}`;
}

export function formatS3Location(location: S3TestSetLocation): string {
  return `s3://${location.bucket}/${location.prefix}`;
}
