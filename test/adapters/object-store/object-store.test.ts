import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DirectoryObjectStore,
  type ObjectStore,
  openObjectStore,
  S3ObjectStore,
  VerificationTranscripts,
} from '#adapters/object-store/index.js';
import { S3StandIn } from '#test/adapters/test-sets/s3-stand-in.js';

const s3 = new S3StandIn();
let endpoint: string;
const directory = mkdtempSync(path.join(tmpdir(), 'object-store-'));

beforeAll(async () => {
  endpoint = await s3.start();
});

afterAll(async () => {
  await s3.stop();
  rmSync(directory, { recursive: true, force: true });
});

const stores: [string, () => ObjectStore][] = [
  ['a local directory', () => new DirectoryObjectStore(directory)],
  ['an S3 bucket', () => new S3ObjectStore('team-test-sets', { endpoint, region: 'eu-west-1' })],
];

const batch = (n: number) => ({
  batch: n,
  utterances: [
    {
      index: n * 5,
      reference: 'check my claim status',
      old: { transcript: 'check my claim status', warnings: [] },
      new: { transcript: 'check my status', warnings: ['Using previous version of base model'] },
      audioSeconds: 2,
    },
  ],
});

describe.each(stores)('objects in %s', (_, open) => {
  it('puts, gets and lists by key; a missing object is undefined', async () => {
    const store = open();
    await store.put('_upgrader/reports/fleet-runs/r1.html', '<p>one</p>', 'text/html');
    await store.put('_upgrader/reports/fleet-runs/r2.html', '<p>two</p>', 'text/html');
    await store.put('_upgrader/transcripts/x.json', '{}', 'application/json');
    expect(await store.get('_upgrader/reports/fleet-runs/r2.html')).toBe('<p>two</p>');
    expect(await store.get('_upgrader/reports/fleet-runs/r3.html')).toBeUndefined();
    expect(await store.list('_upgrader/reports/')).toEqual([
      '_upgrader/reports/fleet-runs/r1.html',
      '_upgrader/reports/fleet-runs/r2.html',
    ]);
    expect(await store.list('_upgrader/nothing/')).toEqual([]);
  });

  it("keeps a verification's transcripts batch by batch under the run and model, read back in batch order", async () => {
    const transcripts = new VerificationTranscripts(open());
    const model = '0d000000-0000-4000-8000-000000000001';
    const prefix = await transcripts.storeBatch('unit-run/1', model, batch(1));
    await transcripts.storeBatch('unit-run/1', model, batch(0));
    expect(prefix).toBe(`_upgrader/transcripts/verifications/unit-run%2F1/${model}/`);
    expect(await transcripts.batches(prefix)).toEqual([batch(0), batch(1)]);
    expect(await transcripts.batches(`_upgrader/transcripts/verifications/other/${model}/`)).toEqual([]);
  });

  it('names a stored transcript that is not a batch', async () => {
    const store = open();
    await store.put(
      '_upgrader/transcripts/verifications/broken/m/batch-00000.json',
      '{"batch": -1}',
      'application/json',
    );
    await expect(
      new VerificationTranscripts(store).batches('_upgrader/transcripts/verifications/broken/m/'),
    ).rejects.toThrow(/Transcripts .*batch-00000\.json is invalid: batch/u);
  });
});

describe('where a report is', () => {
  it('is an S3 URI and a console link in a bucket, a file path in a directory', () => {
    const key = '_upgrader/reports/fleet-runs/release-1.html';
    expect(openObjectStore('s3://team-test-sets', { region: 'eu-west-1' }).where(key)).toEqual({
      uri: `s3://team-test-sets/${key}`,
      consoleLink: `https://s3.console.aws.amazon.com/s3/object/team-test-sets?region=eu-west-1&prefix=${encodeURIComponent(key)}`,
    });
    expect(openObjectStore(directory).where(key)).toEqual({ uri: path.join(directory, ...key.split('/')) });
  });

  it('never leaves its directory', async () => {
    const store: ObjectStore = new DirectoryObjectStore(directory);
    await expect(store.put('../escape.html', 'x', 'text/html')).rejects.toThrow(/leaves/u);
  });
});
