import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirectoryTestSet, loadTestSet, openTestSet } from '#adapters/test-sets/index.js';
import { InvalidInputError } from '#core/contract/errors.js';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'test-set-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const audioBytes = new Uint8Array(200).fill(7);

async function writeSet(lines: readonly Record<string, unknown>[], audio: readonly string[]): Promise<void> {
  await writeFile(
    path.join(directory, 'manifest.jsonl'),
    lines.map((line) => JSON.stringify(line)).join('\n'),
  );
  for (const file of audio) {
    await mkdir(path.dirname(path.join(directory, file)), { recursive: true });
    await writeFile(path.join(directory, file), audioBytes);
  }
}

async function problemsLoading(): Promise<readonly string[]> {
  const error = await loadTestSet(new DirectoryTestSet(directory)).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return (error as InvalidInputError).issues;
}

describe('test set in a local directory', () => {
  it('loads the manifest and reads each audio file by its manifest path', async () => {
    await writeSet(
      [
        { audio: 'calls/0001.wav', reference: 'check my claim' },
        { audio: 'calls/0002.raw', reference: 'status', contentType: 'audio/l16;rate=8000' },
      ],
      ['calls/0001.wav', 'calls/0002.raw'],
    );
    const source = openTestSet(directory);
    const utterances = await loadTestSet(source);
    expect(utterances).toEqual([
      { audio: 'calls/0001.wav', reference: 'check my claim', contentType: 'audio/wav' },
      { audio: 'calls/0002.raw', reference: 'status', contentType: 'audio/l16;rate=8000' },
    ]);
    expect(new Uint8Array(await source.readAudio('calls/0002.raw'))).toEqual(audioBytes);
  });

  it('names every missing audio file before any is read', async () => {
    await writeSet(
      [
        { audio: 'calls/0001.wav', reference: 'a' },
        { audio: 'calls/0002.wav', reference: 'b' },
        { audio: 'gone/0003.wav', reference: 'c' },
      ],
      ['calls/0001.wav'],
    );
    expect(await problemsLoading()).toEqual(['calls/0002.wav: missing', 'gone/0003.wav: missing']);
  });

  it('names audio too short for /v1/recognize, and a folder where a file should be', async () => {
    await writeSet(
      [
        { audio: 'short.wav', reference: 'a' },
        { audio: 'calls.wav', reference: 'b' },
      ],
      [],
    );
    await writeFile(path.join(directory, 'short.wav'), new Uint8Array(99));
    await mkdir(path.join(directory, 'calls.wav'));
    expect(await problemsLoading()).toEqual([
      'short.wav: has 99 bytes; /v1/recognize needs at least 100',
      'calls.wav: is not a file',
    ]);
  });

  it.skipIf(process.getuid?.() === 0)('names an audio file it may not read', async () => {
    await writeSet([{ audio: 'locked.wav', reference: 'a' }], ['locked.wav']);
    await chmod(path.join(directory, 'locked.wav'), 0o000);
    expect(await problemsLoading()).toEqual(['locked.wav: not readable (permission denied)']);
  });

  it('names a missing manifest', async () => {
    expect(await problemsLoading()).toEqual(['manifest.jsonl: missing']);
  });

  it('reports a bad manifest line with its line number and field', async () => {
    await writeSet(
      [
        { audio: 'a.wav', reference: 'a' },
        { audio: '../a.wav', reference: 'b' },
      ],
      ['a.wav'],
    );
    expect(await problemsLoading()).toEqual([
      'line 2: audio: must stay inside the test set: no "..", "." or empty folder names',
    ]);
  });
});
