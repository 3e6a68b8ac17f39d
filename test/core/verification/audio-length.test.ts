import { describe, expect, it } from 'vitest';
import { wavSeconds } from '#core/verification/index.js';
import { generateWav } from '#simulator/index.js';
import { wavFile } from '#test/simulator/support.js';

describe('wavSeconds', () => {
  it('reads the length from the header', () => {
    expect(wavSeconds(wavFile({ sampleRate: 8000, channels: 1, bitsPerSample: 16, seconds: 2.5 }))).toBe(2.5);
    expect(wavSeconds(wavFile({ sampleRate: 16000, channels: 2, bitsPerSample: 16, seconds: 1 }))).toBe(1);
    expect(wavSeconds(generateWav({ seconds: 3, seed: 1 }))).toBeCloseTo(3, 6);
  });

  it('skips chunks before the data, padded to an even length', () => {
    const plain = wavFile({ sampleRate: 8000, channels: 1, bitsPerSample: 8, seconds: 1 });
    const list = Buffer.concat([
      Buffer.from('LIST'),
      Buffer.from([3, 0, 0, 0]),
      Buffer.from('abc'),
      Buffer.alloc(1),
    ]);
    const withList = Buffer.concat([plain.subarray(0, 36), list, plain.subarray(36)]);
    expect(wavSeconds(withList)).toBe(1);
  });

  it('gives no length for other formats or a header without fmt', () => {
    expect(wavSeconds(Buffer.from('ID3 not a wav file at all'))).toBeUndefined();
    const noFormat = Buffer.concat([
      Buffer.from('RIFF'),
      Buffer.alloc(4),
      Buffer.from('WAVEdata'),
      Buffer.alloc(12),
    ]);
    expect(wavSeconds(noFormat)).toBeUndefined();
  });
});
