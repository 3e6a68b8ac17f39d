import path from 'node:path';

// Where local mode keeps what AWS would hold, under one data directory (`.local-data` by default);
// its DynamoDB store sits beside them (see dynamodb/store-files.ts).

/** The directory standing in for the test-set bucket's own objects (transcripts, reports), laid out by the same keys. */
export function localBucketDirectory(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'bucket');
}

/** The directory standing in for the settings bucket. */
export function settingsDirectoryUnder(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'settings');
}
