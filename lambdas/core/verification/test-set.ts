import { z } from 'zod';
import { InvalidInputError } from '../contract/errors.js';
import { describeIssues } from '../contract/parse.js';

/** The manifest's name inside a test set: a directory, or an S3 prefix. */
export const TEST_SET_MANIFEST = 'manifest.jsonl';

/** One utterance of a test set: an audio file, what is said in it, and its type for `/v1/recognize`. */
export interface TestSetUtterance {
  /** Path relative to the test set, `/` between folders. */
  readonly audio: string;
  readonly reference: string;
  readonly contentType: string;
}

/** `/v1/recognize` takes 100 bytes to 100 MB of audio a request. */
export const AUDIO_MIN_BYTES = 100;
export const AUDIO_MAX_BYTES = 100 * 1024 * 1024;

/** Why IBM would refuse an audio file of `bytes` bytes, or undefined when it is within its limits. */
export function audioSizeProblem(bytes: number): string | undefined {
  if (bytes < AUDIO_MIN_BYTES) return `has ${bytes} bytes; /v1/recognize needs at least ${AUDIO_MIN_BYTES}`;
  if (bytes > AUDIO_MAX_BYTES) return `has ${bytes} bytes; /v1/recognize takes at most 100 MB`;
  return undefined;
}

/** Types `/v1/recognize` can tell from the file, so the manifest may leave them to the file name. */
const contentTypeByExtension: Readonly<Record<string, string>> = {
  wav: 'audio/wav',
  flac: 'audio/flac',
  mp3: 'audio/mp3',
  ogg: 'audio/ogg',
  webm: 'audio/webm',
};

/** `/v1/recognize` audio formats, with optional parameters (`;rate=8000`, `;codecs=opus`). */
const audioContentType =
  /^audio\/(wav|flac|mp3|mpeg|ogg|webm|g729|basic|l16|alaw|mulaw)(\s*;\s*[a-z-]+=[^;\s]+)*$/iu;
/** Raw formats IBM cannot decode without their sampling rate. */
const needsRate = new Set(['l16', 'alaw', 'mulaw']);

const audioPath = z
  .string()
  .min(1, 'is empty')
  .refine((path) => !path.includes('\\'), 'must use / between folders')
  .refine((path) => !path.startsWith('/') && !/^[a-z]:/iu.test(path), 'must be relative to the test set')
  .refine(
    (path) => path.split('/').every((segment) => segment !== '..' && segment !== '.' && segment !== ''),
    'must stay inside the test set: no "..", "." or empty folder names',
  );

const contentType = z
  .string()
  .regex(audioContentType, 'is not an audio type /v1/recognize takes (audio/wav, audio/l16;rate=16000, ...)')
  .refine((type) => {
    const format = type.toLowerCase().match(/^audio\/([a-z0-9]+)/u)?.[1] ?? '';
    return !needsRate.has(format) || /;\s*rate=\d+/iu.test(type);
  }, 'needs ;rate=N for audio/l16, audio/alaw and audio/mulaw');

const manifestLineSchema = z
  .object({
    audio: audioPath,
    reference: z.string(),
    contentType: contentType.optional(),
  })
  .transform((line, context) => {
    const inferred = contentTypeByExtension[extensionOf(line.audio)];
    const type = line.contentType ?? inferred;
    if (type === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['contentType'],
        message: `is required for ${line.audio}: only .wav, .flac, .mp3, .ogg and .webm files have a type that can be inferred`,
      });
      return z.NEVER;
    }
    return { audio: line.audio, reference: line.reference, contentType: type };
  });

function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * Parses a test-set manifest: JSON Lines, one `{ "audio", "reference", "contentType"? }` a line,
 * blank lines ignored. Every bad line is reported, each issue led by `line N: field`, in one
 * `InvalidInput` naming `source`.
 */
export function parseTestSetManifest(text: string, source: string): TestSetUtterance[] {
  const utterances: TestSetUtterance[] = [];
  const issues: string[] = [];
  text
    .replace(/^\uFEFF/u, '')
    .split(/\r?\n/u)
    .forEach((line, index) => {
      if (line.trim() === '') return;
      const lineNumber = index + 1;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        issues.push(`line ${lineNumber}: is not JSON (${(error as Error).message})`);
        return;
      }
      const parsed = manifestLineSchema.safeParse(value);
      if (parsed.success) utterances.push(parsed.data);
      else issues.push(...describeIssues(parsed.error).map((issue) => `line ${lineNumber}: ${issue}`));
    });
  if (issues.length === 0 && utterances.length === 0) issues.push('has no utterances');
  if (issues.length > 0) throw new InvalidInputError(`Test set manifest ${source}`, issues);
  return utterances;
}
