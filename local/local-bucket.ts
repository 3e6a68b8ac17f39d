import path from 'node:path';

/**
 * The directory that stands in for the test-set bucket's own objects (verification transcripts,
 * reports) in the local data directory, laid out by the same keys.
 */
export function localBucketDirectory(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'bucket');
}
