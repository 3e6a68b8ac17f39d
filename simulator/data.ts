import { ApiError, SimulatorMessages } from './messages.js';
import type { AudioEntry, SimModel, WordEntry, WordError } from './model.js';
import type { ModelStore } from './store.js';
import { AudioFormatError, type AudioInfo, readL16, readWav } from './wav.js';

export interface NewWord {
  readonly word: string;
  readonly sounds_like?: string[] | undefined;
  readonly display_as?: string | undefined;
}

/** New data leaves a model `ready`: it has data the current training does not include. */
function dataAdded(store: ModelStore, model: SimModel): void {
  model.status = 'ready';
  model.error = undefined;
  model.unmodifiedSinceTraining = false;
  model.updated = store.now();
}

/** Requests IBM refuses as a whole, adding none of the words (the SDK's "input-data error"). */
function structuralProblem(w: NewWord): string | undefined {
  if (/\s/u.test(w.word)) return SimulatorMessages.wordWithSpaces(w.word);
  const soundsLike = w.sounds_like ?? [];
  if (soundsLike.length > 5) return SimulatorMessages.tooManySoundsLike(w.word);
  const long = soundsLike.find((entry) => entry.trim().length > 40);
  return long === undefined ? undefined : SimulatorMessages.soundsLikeTooLong(w.word, long);
}

/** Problems IBM stores on the word instead (its `error` field): the model then cannot train strictly. */
function soundsLikeErrors(w: NewWord): WordError[] | undefined {
  const errors: WordError[] = [];
  for (const entry of w.sounds_like ?? []) {
    if (/\p{N}/u.test(entry)) errors.push({ [entry]: SimulatorMessages.soundsLikeDigits });
    else if (/[^\p{L}\p{M}\s'-]/u.test(entry))
      errors.push({ [entry]: SimulatorMessages.soundsLikePunctuation });
  }
  return errors.length > 0 ? errors : undefined;
}

export function addWords(store: ModelStore, id: string, words: readonly NewWord[]): void {
  const model = store.require(id, 'language');
  store.assertNotLocked(model);
  for (const w of words) {
    const problem = structuralProblem(w);
    if (problem !== undefined) throw new ApiError(400, problem);
  }
  for (const w of words) {
    const error = soundsLikeErrors(w);
    model.words.set(w.word, {
      word: w.word,
      sounds_like: w.sounds_like ?? [],
      display_as: w.display_as ?? w.word,
      source: ['user'],
      ...(error && { error }),
    });
  }
  dataAdded(store, model);
}

/** Text IBM cannot analyse: bytes that are not UTF-8 (decoded as U+FFFD), or the NULs of a binary file. */
function unreadable(text: string): boolean {
  return text.includes('\uFFFD') || text.includes('\u0000');
}

/**
 * Starts the analysis of a corpus: the corpus is `being_processed` and the model `pending` until it
 * ends; then distinct words not yet in the words resource count as its out-of-vocabulary words, or
 * the corpus is `undetermined` when its text cannot be read.
 */
export function addCorpus(
  store: ModelStore,
  id: string,
  name: string,
  text: string,
  overwrite: boolean,
): void {
  const model = store.require(id, 'language');
  store.assertNotLocked(model);
  if (model.corpora.has(name) && !overwrite)
    throw new ApiError(400, SimulatorMessages.resourceExists('corpus', name));
  const tokens = text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  if (tokens.length === 0) throw new ApiError(400, SimulatorMessages.emptyCorpus);
  model.corpora.set(name, { name, total_words: 0, out_of_vocabulary_words: 0, status: 'being_processed' });
  model.analysis = {
    corpus: name,
    until: store.analysisEnds(tokens.length),
    totalWords: tokens.length,
    words: [...new Set(tokens)],
    failWith: unreadable(text) ? SimulatorMessages.corpusAnalysisFailed(name) : undefined,
  };
  dataAdded(store, model);
  model.status = 'pending';
}

function readAudio(body: Buffer, contentType: string): AudioInfo {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  try {
    if (type === 'audio/wav' || type === 'audio/x-wav' || type === 'audio/wave') return readWav(body);
    if (type === 'audio/l16') return readL16(body, contentType);
  } catch (error) {
    if (error instanceof AudioFormatError) throw new ApiError(400, SimulatorMessages.badWav(error.message));
    throw error;
  }
  throw new ApiError(415, SimulatorMessages.unsupportedAudioType(contentType));
}

export function addAudio(
  store: ModelStore,
  id: string,
  name: string,
  body: Buffer,
  contentType: string,
  overwrite: boolean,
): AudioEntry {
  const model = store.require(id, 'acoustic');
  store.assertNotLocked(model);
  const existing = model.audio.get(name);
  if (existing && !overwrite)
    throw new ApiError(400, SimulatorMessages.resourceExists('audio resource', name));
  const info = readAudio(body, contentType);
  if (info.duration <= 0) throw new ApiError(400, SimulatorMessages.badWav('the audio contains no samples'));
  const entry = audioEntry(name, info.duration, info.codec, info.frequency);
  model.audio.set(name, entry);
  model.audioSeconds += entry.duration - (existing?.duration ?? 0);
  dataAdded(store, model);
  return entry;
}

export function audioEntry(name: string, duration: number, codec: string, frequency: number): AudioEntry {
  return { name, duration, status: 'ok', details: { type: 'audio', codec, frequency } };
}

export function listAudio(
  store: ModelStore,
  id: string,
): { total_minutes_of_audio: number; audio: AudioEntry[] } {
  const model = store.require(id, 'acoustic');
  return {
    total_minutes_of_audio: Math.round((model.audioSeconds / 60) * 100) / 100,
    audio: [...model.audio.values()],
  };
}

/** Seeded words are listed as numbered placeholders after the real ones. */
export function listWords(store: ModelStore, id: string): { words: (WordEntry & { count: number })[] } {
  const model = store.require(id, 'language');
  const words = [...model.words.values()].map((w) => ({ ...w, count: 1 }));
  for (let i = 1; i <= model.seededWords; i++) {
    const word = `seedword${i}`;
    words.push({ word, sounds_like: [], display_as: word, source: ['user'], count: 1 });
  }
  return { words };
}
