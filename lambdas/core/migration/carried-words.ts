/** A custom word as IBM lists it on the source model. */
export interface SourceWord {
  readonly word: string;
  readonly soundsLike: readonly string[];
  readonly displayAs: string | undefined;
  /** `user`, or the names of the corpora and grammars the word came from (previous generation). */
  readonly source: readonly string[];
  /** IBM's complaint about the word on the source model, if any. */
  readonly error: string | undefined;
}

/** A word as it is added to the new model: the body of one entry of `POST .../words`. */
export interface CarriedWord {
  readonly word: string;
  readonly soundsLike: readonly string[];
  readonly displayAs?: string;
}

export interface WordLeftBehind {
  readonly word: string;
  readonly reason: string;
}

/** IBM's limits on `sounds_like` (language-words.md): five entries of 40 characters, Japanese 25. */
const MAX_SOUNDS_LIKE = 5;

function maxSoundsLikeLength(language: string): number {
  return language.startsWith('ja') ? 25 : 40;
}

/** Why IBM would reject the word on an LSM, or undefined when it would take it. */
export function wordRejection(word: SourceWord, language: string): string | undefined {
  if (word.error !== undefined) return `IBM already marks it invalid on the source: ${word.error}`;
  if (/\s/u.test(word.word)) return 'a custom word cannot contain spaces';
  if (word.soundsLike.length > MAX_SOUNDS_LIKE) {
    return `it has ${word.soundsLike.length} sounds_like entries; IBM takes at most ${MAX_SOUNDS_LIKE}`;
  }
  const limit = maxSoundsLikeLength(language);
  for (const entry of word.soundsLike) {
    if (entry.trim().length > limit) return `sounds_like '${entry}' is longer than ${limit} characters`;
    if (/\p{N}/u.test(entry)) return `sounds_like '${entry}' has digits; IBM wants them spelled out`;
    if (/[^\p{L}\p{M}\s'-]/u.test(entry)) return `sounds_like '${entry}' has punctuation`;
  }
  return undefined;
}

/** User words are carried; words a previous-generation model took from its corpora come back with the corpus. */
export function isUserWord(word: SourceWord): boolean {
  return word.source.includes('user');
}

/** Splits the source's user words into those the new model gets and those IBM would reject. */
export function carryWords(
  words: readonly SourceWord[],
  language: string,
): { carried: CarriedWord[]; rejected: WordLeftBehind[] } {
  const carried: CarriedWord[] = [];
  const rejected: WordLeftBehind[] = [];
  for (const word of words.filter(isUserWord)) {
    const reason = wordRejection(word, language);
    if (reason !== undefined) {
      rejected.push({ word: word.word, reason });
      continue;
    }
    carried.push({
      word: word.word,
      soundsLike: [...word.soundsLike],
      // IBM defaults display_as to the spelling: send it only when it says something else.
      ...(word.displayAs !== undefined && word.displayAs !== word.word && { displayAs: word.displayAs }),
    });
  }
  return { carried, rejected };
}
