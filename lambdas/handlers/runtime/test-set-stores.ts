import path from 'node:path';
import { z } from 'zod';
import { type ObjectStore, openObjectStore } from '#adapters/object-store/index.js';
import { openTestSet, type TestSetSource } from '#adapters/test-sets/index.js';
import { transcriptsUnder } from '#adapters/test-sets/transcript-store.js';
import { InvalidInputError } from '#core/contract/errors.js';
import type { TranscriptStore } from '#core/watch/index.js';

/** The test-set bucket's name, as the stack passes it to the functions that use the bucket. */
export const bucketNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/u, 'must be an S3 bucket name');

/** The test-set bucket in AWS, directories locally: test sets by name, and the upgrader's objects beside them. */
export interface TestSetStores {
  /** A test set by its name: `s3://<bucket>/<name>/` in AWS, `<directory>/<name>` locally. */
  testSet(name: string): TestSetSource;
  /** Transcripts and reports; absent where no bucket or directory is configured. */
  readonly objects?: ObjectStore;
  /** The accuracy watch's per-utterance transcripts. */
  readonly transcripts: TranscriptStore;
}

/**
 * The stores under a test-set root and an object root (`s3://bucket`, or a directory; the object
 * root defaults to the test-set root, as in AWS where they share the bucket). `region` places the
 * console links of objects in S3.
 */
export function testSetStores(
  roots: { readonly testSets?: string | undefined; readonly objects?: string | undefined },
  region?: string,
): TestSetStores {
  const objectRoot = roots.objects ?? roots.testSets;
  return {
    testSet: testSetsUnder(roots.testSets),
    ...(objectRoot !== undefined && { objects: objectsUnder(objectRoot, region) }),
    transcripts: transcriptsUnder(objectRoot),
  };
}

/**
 * Test sets under one root: an S3 bucket (`s3://bucket`, each set under its own prefix) or a local
 * directory (each set in a directory of its name). Without a root, asking for a set is `InvalidInput`.
 */
export function testSetsUnder(root: string | undefined): (name: string) => TestSetSource {
  return (name) => {
    if (root === undefined) {
      throw new InvalidInputError('Test sets', [
        `test set '${name}' is configured, but no test-set bucket or directory is`,
      ]);
    }
    return openTestSet(
      root.startsWith('s3://') ? `${root.replace(/\/+$/u, '')}/${name}/` : path.join(root, name),
    );
  };
}

/**
 * The upgrader's own objects beside the test sets (the bucket, or the local directory). Without
 * one, writing is `InvalidInput` as asking for a test set is: nothing is verified then anyway.
 */
export function objectsUnder(root: string | undefined, region?: string): ObjectStore {
  if (root === undefined) return missingStore;
  return openObjectStore(root, region ? { region } : {});
}

const missingStore: ObjectStore = {
  location: '',
  put: () => Promise.reject(noBucket()),
  get: () => Promise.reject(noBucket()),
  list: () => Promise.reject(noBucket()),
  where: () => {
    throw noBucket();
  },
};

function noBucket(): InvalidInputError {
  return new InvalidInputError('Transcripts', ['no test-set bucket or directory is configured to keep them']);
}
