import { hashFraction, SeededRandom } from './random.js';
import type { RecognitionProfile } from './recognition-book.js';

export interface RecognitionResult {
  final: boolean;
  alternatives: { transcript: string; confidence: number }[];
}

export interface TranscriptRequest {
  /** The registered reference text, or undefined for audio nobody registered. */
  readonly reference: string | undefined;
  readonly audioSeconds: number;
  readonly profile: RecognitionProfile | undefined;
  /** Previous-generation models write hesitations as `%HESITATION`. */
  readonly previousGeneration: boolean;
  /** Everything that must give the same transcript: seed, audio hash and recognition parameters. */
  readonly key: string;
}

/** Words for audio without a reference and for substitutions and insertions. */
const wordList = [
  'the',
  'claim',
  'policy',
  'number',
  'account',
  'please',
  'call',
  'back',
  'today',
  'status',
  'payment',
  'address',
  'change',
  'thank',
  'you',
  'hello',
  'check',
  'my',
  'order',
  'service',
  'agent',
  'phone',
  'email',
  'balance',
  'card',
  'date',
  'time',
  'help',
  'need',
  'would',
];
const hesitations = new Set(['uh', 'um', 'uhm', 'hmm', 'mm']);
/** Spoken words per second, for the length of a transcript of unknown audio. */
const wordsPerSecond = 2.5;
const wordsPerSentence = 8;

function sentencesOf(text: string): string[][] {
  return text
    .split(/[.!?\n]+/)
    .map((s) => s.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [])
    .filter((words) => words.length > 0);
}

function unknownAudioText(random: SeededRandom, seconds: number): string[][] {
  const count = Math.max(1, Math.round(seconds * wordsPerSecond));
  const sentences: string[][] = [];
  for (let i = 0; i < count; i++) {
    if (i % wordsPerSentence === 0) sentences.push([]);
    sentences.at(-1)?.push(wordList[Math.floor(random.next() * wordList.length)] as string);
  }
  return sentences;
}

function pick(random: SeededRandom): string {
  return wordList[Math.floor(random.next() * wordList.length)] as string;
}

/** One sentence as the profile hears it, and how many of its words it got wrong. */
function hear(
  words: readonly string[],
  request: TranscriptRequest,
  random: SeededRandom,
): [string[], number] {
  const profile = request.profile;
  const heard: string[] = [];
  let errors = 0;
  for (const word of words) {
    const chance = random.next();
    const kind = random.next();
    if (hesitations.has(word)) {
      heard.push(request.previousGeneration ? '%HESITATION' : word);
    } else if (profile?.drops.includes(word)) {
      errors += 1;
    } else if (profile?.confuses[word] !== undefined) {
      heard.push(profile.confuses[word]);
      errors += 1;
    } else if (profile && chance < profile.wordErrorRate) {
      errors += 1;
      if (kind < 0.5) heard.push(pick(random));
      else if (kind >= 0.8) heard.push(word, pick(random));
    } else {
      heard.push(word);
    }
  }
  return [heard, errors];
}

/**
 * IBM's `results`: one final result per sentence of the reference. The same key, reference and
 * profile always give the same transcript; unknown audio gets seeded words for its duration.
 */
export function transcribe(request: TranscriptRequest): RecognitionResult[] {
  const random = new SeededRandom(Math.floor(hashFraction(request.key) * 2 ** 32));
  const sentences =
    request.reference === undefined
      ? unknownAudioText(random, request.audioSeconds)
      : sentencesOf(request.reference);
  const results: RecognitionResult[] = [];
  for (const words of sentences) {
    const [heard, errors] = hear(words, request, random);
    if (heard.length === 0) continue;
    const confidence =
      Math.round(Math.max(0.05, 0.97 - errors / words.length - random.next() * 0.02) * 1000) / 1000;
    results.push({ final: true, alternatives: [{ transcript: `${heard.join(' ')} `, confidence }] });
  }
  return results;
}
