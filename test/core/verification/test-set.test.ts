import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '#core/contract/errors.js';
import { AUDIO_MAX_BYTES, audioSizeProblem, parseTestSetManifest } from '#core/verification/test-set.js';

function issuesOf(text: string): readonly string[] {
  try {
    parseTestSetManifest(text, 'claims/manifest.jsonl');
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).name).toBe('InvalidInput');
    expect((error as Error).message).toContain('Test set manifest claims/manifest.jsonl is invalid');
    return (error as InvalidInputError).issues;
  }
  throw new Error('the manifest was accepted');
}

function line(value: Record<string, unknown>): string {
  return JSON.stringify(value);
}

describe('test-set manifest', () => {
  it('reads one utterance a line, inferring the content type of wav, flac, mp3, ogg and webm files', () => {
    const manifest = [
      line({ audio: 'calls/0001.wav', reference: "i'd like to check my claim status" }),
      line({ audio: 'calls/0002.FLAC', reference: 'b' }),
      line({ audio: '0003.mp3', reference: 'c' }),
      line({ audio: '0004.ogg', reference: 'd' }),
      line({ audio: '0005.webm', reference: 'e' }),
    ].join('\n');
    expect(parseTestSetManifest(manifest, 'm').map((u) => [u.audio, u.contentType])).toEqual([
      ['calls/0001.wav', 'audio/wav'],
      ['calls/0002.FLAC', 'audio/flac'],
      ['0003.mp3', 'audio/mp3'],
      ['0004.ogg', 'audio/ogg'],
      ['0005.webm', 'audio/webm'],
    ]);
  });

  it('keeps a content type the line gives, over the one its extension suggests', () => {
    const [utterance] = parseTestSetManifest(
      line({ audio: 'a.ogg', reference: 'x', contentType: 'audio/ogg;codecs=opus' }),
      'm',
    );
    expect(utterance?.contentType).toBe('audio/ogg;codecs=opus');
  });

  it('ignores blank lines, Windows line ends and a byte-order mark, and keeps counting lines', () => {
    const manifest = `\uFEFF${line({ audio: 'a.wav', reference: 'a' })}\r\n\r\n  \n${line({ audio: 'b', reference: 'b' })}\n`;
    expect(issuesOf(manifest)).toEqual([expect.stringMatching(/^line 4: contentType: is required for b/)]);
  });

  it('accepts an empty reference: an utterance with nothing said in it', () => {
    expect(parseTestSetManifest(line({ audio: 'silence.wav', reference: '' }), 'm')).toHaveLength(1);
  });

  it('names the line and the field of a missing reference', () => {
    const manifest = [line({ audio: 'a.wav', reference: 'a' }), line({ audio: 'b.wav' })].join('\n');
    expect(issuesOf(manifest)).toEqual([expect.stringMatching(/^line 2: reference: .*expected string/)]);
  });

  it('names a line that is not JSON', () => {
    expect(issuesOf(`${line({ audio: 'a.wav', reference: 'a' })}\n{"audio": "b.wav",`)).toEqual([
      expect.stringMatching(/^line 2: is not JSON/),
    ]);
  });

  it('reports every bad line, not only the first', () => {
    const manifest = [
      line({ audio: 7, reference: 'a' }),
      line({ audio: 'b.wav', reference: 'b' }),
      '[]',
    ].join('\n');
    const issues = issuesOf(manifest);
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatch(/^line 1: audio: /);
    expect(issues[1]).toMatch(/^line 3: /);
  });

  it.each(['audio/l16;rate=16000', 'audio/basic', 'audio/alaw;rate=8000', 'audio/mulaw;rate=8000'])(
    'requires the content type of raw audio, which cannot be inferred: %s',
    (contentType) => {
      expect(issuesOf(line({ audio: 'calls/0001.raw', reference: 'x' }))).toEqual([
        'line 1: contentType: is required for calls/0001.raw: only .wav, .flac, .mp3, .ogg and .webm files have a type that can be inferred',
      ]);
      const [utterance] = parseTestSetManifest(
        line({ audio: 'calls/0001.raw', reference: 'x', contentType }),
        'm',
      );
      expect(utterance?.contentType).toBe(contentType);
    },
  );

  it('requires the sampling rate of audio/l16, audio/alaw and audio/mulaw', () => {
    expect(issuesOf(line({ audio: 'a.raw', reference: 'x', contentType: 'audio/l16' }))).toEqual([
      'line 1: contentType: needs ;rate=N for audio/l16, audio/alaw and audio/mulaw',
    ]);
  });

  it('rejects a content type /v1/recognize does not take', () => {
    expect(issuesOf(line({ audio: 'a.wav', reference: 'x', contentType: 'video/mp4' }))).toEqual([
      expect.stringMatching(/^line 1: contentType: is not an audio type/),
    ]);
  });

  const outside = 'must stay inside the test set: no "..", "." or empty folder names';
  it.each([
    ['/srv/audio/a.wav', 'must be relative to the test set'],
    ['C:/audio/a.wav', 'must be relative to the test set'],
    ['../other-set/a.wav', outside],
    ['calls/../../a.wav', outside],
    ['calls//a.wav', outside],
    ['calls\\a.wav', 'must use / between folders'],
    ['', 'is empty'],
  ])('rejects the audio path %j: %s', (audio, problem) => {
    expect(issuesOf(line({ audio, reference: 'x' }))).toContainEqual(`line 1: audio: ${problem}`);
  });

  it('rejects a manifest without utterances', () => {
    expect(issuesOf('\n\n')).toEqual(['has no utterances']);
  });

  it('accepts audio sizes /v1/recognize takes: 100 bytes to 100 MB', () => {
    expect(audioSizeProblem(100)).toBeUndefined();
    expect(audioSizeProblem(AUDIO_MAX_BYTES)).toBeUndefined();
    expect(audioSizeProblem(99)).toBe('has 99 bytes; /v1/recognize needs at least 100');
    expect(audioSizeProblem(AUDIO_MAX_BYTES + 1)).toBe(
      `has ${AUDIO_MAX_BYTES + 1} bytes; /v1/recognize takes at most 100 MB`,
    );
  });
});
