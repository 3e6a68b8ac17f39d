import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { audioKey, loadTestSet, manifestKey, parseS3Location, S3TestSet } from '#adapters/test-sets/index.js';
import { InvalidInputError } from '#core/contract/errors.js';
import { S3StandIn } from './s3-stand-in.js';

describe('S3 test-set location', () => {
  it('splits s3://bucket/prefix/ into the bucket and a prefix ending in /', () => {
    expect(parseS3Location('s3://stt-test-sets/claims/en-us/')).toEqual({
      bucket: 'stt-test-sets',
      prefix: 'claims/en-us/',
    });
    expect(parseS3Location('s3://stt-test-sets/claims')).toEqual({
      bucket: 'stt-test-sets',
      prefix: 'claims/',
    });
    expect(parseS3Location('s3://stt-test-sets')).toEqual({ bucket: 'stt-test-sets', prefix: '' });
  });

  it('keys the manifest and the audio files under the prefix', () => {
    const location = parseS3Location('s3://stt-test-sets/claims/');
    expect(manifestKey(location)).toBe('claims/manifest.jsonl');
    expect(audioKey(location, 'calls/0001.wav')).toBe('claims/calls/0001.wav');
  });

  it.each(['https://bucket/prefix/', 's3://', 's3://Bad_Bucket/x/'])(
    'rejects the location %j',
    (location) => {
      expect(() => parseS3Location(location)).toThrow(InvalidInputError);
    },
  );
});

describe('test set in an S3 bucket', () => {
  const s3 = new S3StandIn();
  let endpoint: string;
  const audioBytes = new Uint8Array(150).fill(3);

  beforeAll(async () => {
    endpoint = await s3.start();
  });

  afterAll(async () => {
    await s3.stop();
  });

  beforeEach(() => {
    s3.objects.clear();
    s3.forbidden.clear();
    s3.requests.length = 0;
  });

  function manifest(...lines: Record<string, unknown>[]): Uint8Array {
    return new TextEncoder().encode(lines.map((line) => JSON.stringify(line)).join('\n'));
  }

  async function withSet<T>(use: (set: S3TestSet) => Promise<T>): Promise<T> {
    const set = new S3TestSet('s3://test-sets/claims/', { endpoint });
    try {
      return await use(set);
    } finally {
      set.destroy();
    }
  }

  it('loads the manifest under the prefix and reads audio by its manifest path', async () => {
    s3.objects.set(
      'test-sets/claims/manifest.jsonl',
      manifest({ audio: 'calls/0001.wav', reference: 'my claim' }),
    );
    s3.objects.set('test-sets/claims/calls/0001.wav', audioBytes);
    await withSet(async (set) => {
      expect(await loadTestSet(set)).toEqual([
        { audio: 'calls/0001.wav', reference: 'my claim', contentType: 'audio/wav' },
      ]);
      expect(await set.readAudio('calls/0001.wav')).toEqual(audioBytes);
    });
    expect(s3.requests).toEqual([
      'GET test-sets/claims/manifest.jsonl',
      'HEAD test-sets/claims/calls/0001.wav',
      'GET test-sets/claims/calls/0001.wav',
    ]);
  });

  it('names every missing or forbidden audio object, checking with HEAD only', async () => {
    s3.objects.set(
      'test-sets/claims/manifest.jsonl',
      manifest(
        { audio: 'a.wav', reference: 'a' },
        { audio: 'b.wav', reference: 'b' },
        { audio: 'c.wav', reference: 'c' },
        { audio: 'tiny.wav', reference: 'd' },
      ),
    );
    s3.objects.set('test-sets/claims/a.wav', audioBytes);
    s3.objects.set('test-sets/claims/c.wav', audioBytes);
    s3.objects.set('test-sets/claims/tiny.wav', new Uint8Array(10));
    s3.forbidden.add('test-sets/claims/c.wav');
    const error = await withSet((set) => loadTestSet(set)).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(/^Test set s3:\/\/test-sets\/claims\/ is invalid/);
    expect((error as InvalidInputError).issues).toEqual([
      'b.wav: missing',
      'c.wav: not readable (access denied, or missing and ListBucket not allowed)',
      'tiny.wav: has 10 bytes; /v1/recognize needs at least 100',
    ]);
    expect(s3.requests.filter((request) => request.startsWith('GET'))).toEqual([
      'GET test-sets/claims/manifest.jsonl',
    ]);
  });

  it('names a missing manifest by its key', async () => {
    const error = await withSet((set) => set.readManifest()).catch((thrown: unknown) => thrown);
    expect((error as InvalidInputError).issues).toEqual(['claims/manifest.jsonl: missing']);
  });
});
