import type { AwsEndpointOptions } from '#adapters/aws-endpoint.js';
import { DirectoryTestSet } from './directory-test-set.js';
import { isS3Location } from './s3-location.js';
import { S3TestSet } from './s3-test-set.js';
import type { TestSetSource } from './test-set-source.js';

export { DirectoryTestSet } from './directory-test-set.js';
export {
  audioKey,
  isS3Location,
  manifestKey,
  parseS3Location,
  type S3TestSetLocation,
} from './s3-location.js';
export { S3TestSet } from './s3-test-set.js';
export { loadTestSet, type TestSetSource } from './test-set-source.js';

/** The source for a test-set location: `s3://bucket/prefix/`, or else a local directory. */
export function openTestSet(location: string, s3: AwsEndpointOptions = {}): TestSetSource {
  return isS3Location(location) ? new S3TestSet(location, s3) : new DirectoryTestSet(location);
}
export { type UploadedTestSet, uploadTestSet } from './upload-test-set.js';
