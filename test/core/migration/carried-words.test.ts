import { describe, expect, it } from 'vitest';
import { carryWords, isUserWord, type SourceWord, wordRejection } from '#core/migration/carried-words.js';

const word = (overrides: Partial<SourceWord> = {}): SourceWord => ({
  word: 'claimant',
  soundsLike: ['clay mant'],
  displayAs: undefined,
  source: ['user'],
  error: undefined,
  ...overrides,
});

describe('which words an LSM would take', () => {
  it.each([
    { case: 'a plain user word', word: word(), language: 'en-US', reason: undefined },
    {
      case: 'a word IBM marks invalid',
      word: word({ error: 'bad' }),
      language: 'en-US',
      reason: 'invalid on the source: bad',
    },
    {
      case: 'a word with a space',
      word: word({ word: 'claim form' }),
      language: 'en-US',
      reason: 'cannot contain spaces',
    },
    {
      case: 'six sounds_like entries',
      word: word({ soundsLike: ['a', 'b', 'c', 'd', 'e', 'f'] }),
      language: 'en-US',
      reason: 'it has 6 sounds_like entries; IBM takes at most 5',
    },
    {
      case: 'a 30-character sounds_like in Japanese',
      word: word({ soundsLike: ['a'.repeat(30)] }),
      language: 'ja-JP',
      reason: 'longer than 25 characters',
    },
    {
      case: 'a 30-character sounds_like in English',
      word: word({ soundsLike: ['a'.repeat(30)] }),
      language: 'en-US',
      reason: undefined,
    },
    {
      case: 'digits in sounds_like',
      word: word({ soundsLike: ['form 12'] }),
      language: 'en-US',
      reason: 'has digits',
    },
    {
      case: 'punctuation in sounds_like',
      word: word({ soundsLike: ['clay.mant'] }),
      language: 'en-US',
      reason: 'has punctuation',
    },
  ])('$case: $reason', ({ word: w, language, reason }) => {
    const rejection = wordRejection(w, language);
    if (reason === undefined) expect(rejection).toBeUndefined();
    else expect(rejection).toContain(reason);
  });

  it('carries user words only: corpus words come back with their corpus', () => {
    expect(isUserWord(word())).toBe(true);
    expect(isUserWord(word({ source: ['calls-corpus'] }))).toBe(false);
  });

  it('splits the user words into carried and rejected, sending display_as only when it differs', () => {
    const { carried, rejected } = carryWords(
      [
        word(),
        word({ word: 'IBM', soundsLike: ['i b m'], displayAs: 'IBM' }),
        word({ word: 'wx', soundsLike: ['w x'], displayAs: 'Watson' }),
        word({ word: 'corpusword', source: ['calls'] }),
        word({ word: 'two words' }),
      ],
      'en-US',
    );
    expect(carried).toEqual([
      { word: 'claimant', soundsLike: ['clay mant'] },
      { word: 'IBM', soundsLike: ['i b m'] },
      { word: 'wx', soundsLike: ['w x'], displayAs: 'Watson' },
    ]);
    expect(rejected).toEqual([{ word: 'two words', reason: 'a custom word cannot contain spaces' }]);
  });
});
