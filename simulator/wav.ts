import { SeededRandom } from './random.js';

/** What the service reports about one audio resource it could read. */
export interface AudioInfo {
  /** Seconds of audio. */
  readonly duration: number;
  readonly codec: string;
  /** Sampling rate in Hz. */
  readonly frequency: number;
}

export class AudioFormatError extends Error {}

const pcmCodecs: Record<number, string> = { 8: 'pcm_u8', 16: 'pcm_s16le', 24: 'pcm_s24le', 32: 'pcm_s32le' };

function codecOf(format: number, bits: number): string {
  if (format === 1 || format === 0xfffe) {
    const codec = pcmCodecs[bits];
    if (codec) return codec;
  }
  if (format === 3 && bits === 32) return 'pcm_f32le';
  if (format === 6) return 'pcm_alaw';
  if (format === 7) return 'pcm_mulaw';
  throw new AudioFormatError(`unsupported WAV encoding (format ${format}, ${bits} bits per sample)`);
}

/**
 * Reads a RIFF/WAVE header: the `fmt ` chunk gives channels, rate and sample size, the `data`
 * chunk's size the duration. A streamed WAV whose data size is unknown (0 or 0xFFFFFFFF) counts
 * the bytes actually present.
 */
export function readWav(body: Buffer): AudioInfo {
  if (body.length < 12) throw new AudioFormatError('the file is too short to be a WAV file');
  if (body.toString('ascii', 0, 4) !== 'RIFF' || body.toString('ascii', 8, 12) !== 'WAVE') {
    throw new AudioFormatError('missing RIFF/WAVE header');
  }
  let format: { code: number; channels: number; rate: number; bits: number } | undefined;
  let offset = 12;
  while (offset + 8 <= body.length) {
    const id = body.toString('ascii', offset, offset + 4);
    const size = body.readUInt32LE(offset + 4);
    const start = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || start + 16 > body.length) throw new AudioFormatError('truncated fmt chunk');
      format = {
        code: body.readUInt16LE(start),
        channels: body.readUInt16LE(start + 2),
        rate: body.readUInt32LE(start + 4),
        bits: body.readUInt16LE(start + 14),
      };
    } else if (id === 'data') {
      if (!format) throw new AudioFormatError('data chunk before fmt chunk');
      const codec = codecOf(format.code, format.bits);
      if (format.channels === 0 || format.rate === 0)
        throw new AudioFormatError('zero channels or sampling rate');
      const present = body.length - start;
      const bytes = size === 0 || size === 0xffffffff ? present : Math.min(size, present);
      const bytesPerSecond = format.rate * format.channels * Math.max(1, format.bits / 8);
      return { duration: round3(bytes / bytesPerSecond), codec, frequency: format.rate };
    }
    offset = start + size + (size % 2);
  }
  throw new AudioFormatError(format ? 'no data chunk' : 'no fmt chunk');
}

/** Raw 16-bit little-endian PCM (`audio/l16;rate=16000;channels=1`): the duration follows from the byte count. */
export function readL16(body: Buffer, contentType: string): AudioInfo {
  const rate = Number(/rate=(\d+)/i.exec(contentType)?.[1]);
  if (!Number.isInteger(rate) || rate <= 0) throw new AudioFormatError('audio/l16 needs a rate parameter');
  const channels = Number(/channels=(\d+)/i.exec(contentType)?.[1] ?? 1);
  return { duration: round3(body.length / (rate * channels * 2)), codec: 'pcm_s16le', frequency: rate };
}

export interface GeneratedWav {
  readonly seconds: number;
  /** Default 16000 Hz. */
  readonly sampleRate?: number;
  /** Seeds the noise in the samples: different seeds give different audio of the same length. */
  readonly seed?: number;
}

/**
 * A mono 16-bit PCM WAV file of `seconds` of quiet seeded noise, so that tests and the demo can
 * build test sets without shipping audio and each utterance has its own content hash.
 */
export function generateWav({ seconds, sampleRate = 16000, seed = 0 }: GeneratedWav): Buffer {
  const samples = Math.round(seconds * sampleRate);
  const body = Buffer.alloc(44 + samples * 2);
  body.write('RIFF', 0, 'ascii');
  body.writeUInt32LE(36 + samples * 2, 4);
  body.write('WAVEfmt ', 8, 'ascii');
  body.writeUInt32LE(16, 16);
  body.writeUInt16LE(1, 20);
  body.writeUInt16LE(1, 22);
  body.writeUInt32LE(sampleRate, 24);
  body.writeUInt32LE(sampleRate * 2, 28);
  body.writeUInt16LE(2, 32);
  body.writeUInt16LE(16, 34);
  body.write('data', 36, 'ascii');
  body.writeUInt32LE(samples * 2, 40);
  const random = new SeededRandom(seed);
  for (let i = 0; i < samples; i++) body.writeInt16LE(Math.round((random.next() - 0.5) * 512), 44 + i * 2);
  return body;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
