import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestSet, S3TestSet } from '#adapters/test-sets/index.js';
import { testSetsUploadCommand } from '#cli/test-sets.js';
import { generateWav } from '#simulator/index.js';
import { S3StandIn } from '#test/adapters/test-sets/s3-stand-in.js';

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await testSetsUploadCommand(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

describe('stt-upgrader test-sets upload', () => {
  const s3 = new S3StandIn();
  let endpoint: string;
  const set = mkdtempSync(path.join(tmpdir(), 'test-set-upload-'));
  const audio = [generateWav({ seconds: 1, seed: 1 }), generateWav({ seconds: 2, seed: 2 })];

  beforeAll(async () => {
    endpoint = await s3.start();
    mkdirSync(path.join(set, 'audio'));
    for (const [i, bytes] of audio.entries()) writeFileSync(path.join(set, 'audio', `${i}.wav`), bytes);
    writeFileSync(
      path.join(set, 'manifest.jsonl'),
      `${JSON.stringify({ audio: 'audio/0.wav', reference: 'file a claim' })}\n${JSON.stringify({ audio: 'audio/1.wav', reference: 'thank you' })}\n`,
    );
  });
  afterAll(() => s3.stop());

  it('uploads a checked set, audio first and manifest last, where a verification reads it', async () => {
    const result = await run(
      set,
      '--bucket',
      'team-test-sets',
      '--name',
      'claims',
      '--endpoint',
      endpoint,
      '--json',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      location: 's3://team-test-sets/claims/',
      utterances: 2,
      audioFiles: 2,
    });
    const puts = s3.requests.filter((r) => r.startsWith('PUT '));
    expect(puts.at(-1)).toBe('PUT team-test-sets/claims/manifest.jsonl');
    expect(Buffer.from(s3.objects.get('team-test-sets/claims/audio/1.wav') ?? [])).toEqual(
      Buffer.from(audio[1] ?? []),
    );
    const uploaded = new S3TestSet('s3://team-test-sets/claims/', { endpoint });
    expect((await loadTestSet(uploaded)).map((u) => u.reference)).toEqual(['file a claim', 'thank you']);
    uploaded.destroy();
  });

  it('uploads nothing from a broken set, naming the file', async () => {
    const broken = mkdtempSync(path.join(tmpdir(), 'test-set-broken-'));
    writeFileSync(
      path.join(broken, 'manifest.jsonl'),
      `${JSON.stringify({ audio: 'gone.wav', reference: 'x' })}\n`,
    );
    const before = s3.requests.length;
    const result = await run(
      broken,
      '--bucket',
      'team-test-sets',
      '--name',
      'broken',
      '--endpoint',
      endpoint,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('gone.wav: missing');
    expect(s3.requests.length).toBe(before);
    const usage = await run(set, '--bucket', 'team-test-sets');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--name: is required');
  });
});
