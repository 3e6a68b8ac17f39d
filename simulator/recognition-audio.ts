import { ApiError } from './messages.js';
import { AudioFormatError, readL16, readWav } from './wav.js';

/** IBM's smallest recognisable audio. */
export const minAudioBytes = 100;

/**
 * Bytes per second assumed for compressed formats, whose duration needs a decoder: 128 kbit/s
 * (mp3, ogg, webm, flac) and 8 kbit/s for g729. Billing figures for those types are estimates.
 */
const compressedBytesPerSecond: Record<string, number> = {
  'audio/flac': 16_000,
  'audio/mp3': 16_000,
  'audio/mpeg': 16_000,
  'audio/ogg': 16_000,
  'audio/webm': 16_000,
  'audio/g729': 1_000,
};

const wavTypes = new Set(['audio/wav', 'audio/x-wav', 'audio/wave']);

/** The type IBM detects from the first bytes when the client sent none (flac, ogg, mp3, wav, webm). */
function detectedType(audio: Buffer): string | undefined {
  const head = audio.toString('latin1', 0, 4);
  if (head === 'RIFF') return 'audio/wav';
  if (head === 'fLaC') return 'audio/flac';
  if (head === 'OggS') return 'audio/ogg';
  if (head.startsWith('ID3') || (audio[0] === 0xff && ((audio[1] ?? 0) & 0xe0) === 0xe0)) return 'audio/mp3';
  if (audio.readUInt32BE(0) === 0x1a45dfa3) return 'audio/webm';
  return undefined;
}

function rateOf(contentType: string, type: string): number {
  const rate = Number(/rate=(\d+)/i.exec(contentType)?.[1]);
  if (!Number.isInteger(rate) || rate <= 0)
    throw new ApiError(400, `${type} audio needs a rate parameter, e.g. ${type};rate=8000`);
  return rate;
}

/** Seconds of audio in a `/v1/recognize` body, or a 400 for audio IBM would refuse. */
export function recognitionAudioSeconds(audio: Buffer, contentTypeHeader: string | undefined): number {
  if (audio.length < minAudioBytes) {
    throw new ApiError(
      400,
      `The audio is ${audio.length} bytes long; at least ${minAudioBytes} bytes are needed`,
    );
  }
  const sent = (contentTypeHeader ?? '').trim();
  const bare = sent.split(';')[0]?.trim().toLowerCase() ?? '';
  const type = bare === '' || bare === 'application/octet-stream' ? detectedType(audio) : bare;
  if (type === undefined) {
    throw new ApiError(400, 'Unable to detect the audio format; specify it with the Content-Type header');
  }
  try {
    if (wavTypes.has(type)) return readWav(audio).duration;
    if (type === 'audio/l16') return readL16(audio, sent).duration;
    if (type === 'audio/mulaw' || type === 'audio/alaw') return audio.length / rateOf(sent, type);
    if (type === 'audio/basic') return audio.length / 8000;
  } catch (error) {
    if (error instanceof AudioFormatError)
      throw new ApiError(400, `Unable to read the ${type} audio: ${error.message}`);
    throw error;
  }
  const bytesPerSecond = compressedBytesPerSecond[type];
  if (bytesPerSecond === undefined)
    throw new ApiError(400, `Unsupported content type '${sent}' for recognition`);
  return audio.length / bytesPerSecond;
}
