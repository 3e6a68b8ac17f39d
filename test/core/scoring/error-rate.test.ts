import { describe, expect, it } from 'vitest';
import { align, scoreTranscripts, scoringUnitFor } from '#core/scoring/index.js';

function words(text: string): string[] {
  return text.split(' ').filter((word) => word !== '');
}

describe('alignment', () => {
  it('counts a repeated word missing from the hypothesis as one deletion', () => {
    const alignment = align(words('a a'), words('a'));
    expect(alignment).toMatchObject({ substitutions: 0, deletions: 1, insertions: 0 });
  });

  it('counts substitutions, deletions and insertions of a minimum-edit alignment', () => {
    // the cat sat on the mat -> the bat sat the mat today: cat->bat, on deleted, today inserted
    const alignment = align(words('the cat sat on the mat'), words('the bat sat the mat today'));
    expect(alignment).toMatchObject({ substitutions: 1, deletions: 1, insertions: 1 });
    expect(alignment.steps.map((step) => step.kind)).toEqual([
      'correct',
      'substitution',
      'correct',
      'deletion',
      'correct',
      'correct',
      'insertion',
    ]);
  });

  it('aligns a shifted hypothesis with one insertion and one deletion rather than many substitutions', () => {
    expect(align(words('b c d e'), words('a b c d'))).toMatchObject({
      substitutions: 0,
      deletions: 1,
      insertions: 1,
    });
  });
});

describe('pooled word error rate', () => {
  it('is (S + D + I) / N over normalised words', () => {
    const rates = scoreTranscripts(
      [{ reference: "I'd like to check my claim status.", hypothesis: 'I like to check the claim status' }],
      'word',
    );
    expect(rates).toMatchObject({ substitutions: 2, deletions: 0, insertions: 0, referenceWords: 7 });
    expect(rates.wer).toBeCloseTo(2 / 7, 12);
  });

  it('is 0 when the hypothesis differs only by case, punctuation and fillers', () => {
    const rates = scoreTranscripts(
      [
        {
          reference: "I'd like to check my claim status.",
          hypothesis: "um I'D LIKE to %HESITATION check my claim status",
        },
      ],
      'word',
    );
    expect(rates.wer).toBe(0);
  });

  it('goes above 1 when the hypothesis inserts more words than the reference holds', () => {
    const rates = scoreTranscripts([{ reference: 'yes', hypothesis: 'yes yes yes please now' }], 'word');
    expect(rates).toMatchObject({ insertions: 4, referenceWords: 1, wer: 4 });
  });

  it('is 1, all deletions, for an empty hypothesis', () => {
    const rates = scoreTranscripts([{ reference: 'check my claim', hypothesis: '' }], 'word');
    expect(rates).toMatchObject({ deletions: 3, substitutions: 0, insertions: 0, wer: 1 });
  });

  it('is null for an empty reference, with the insertions still counted', () => {
    const rates = scoreTranscripts([{ reference: '  um.  ', hypothesis: 'hello there' }], 'word');
    expect(rates).toMatchObject({ wer: null, referenceWords: 0, insertions: 2, sentenceErrorRate: 1 });
  });

  it('is null for an empty set', () => {
    expect(scoreTranscripts([], 'word')).toMatchObject({ wer: null, sentenceErrorRate: null, utterances: 0 });
  });

  it('pools edits over the set instead of averaging per-utterance rates', () => {
    const rates = scoreTranscripts(
      [
        { reference: 'one', hypothesis: 'two' }, // 1 error in 1 word: 100 %
        { reference: 'a b c d e f g h i', hypothesis: 'a b c d e f g h i' }, // 0 errors in 9 words
      ],
      'word',
    );
    expect(rates.wer).toBeCloseTo(1 / 10, 12);
    expect(rates.wer).not.toBeCloseTo((1 + 0) / 2, 2);
  });

  it('gives the share of utterances with any error as the sentence error rate', () => {
    const rates = scoreTranscripts(
      [
        { reference: 'a b', hypothesis: 'a b' },
        { reference: 'c d', hypothesis: 'c x' },
        { reference: 'e f', hypothesis: 'e f g' },
        { reference: 'h', hypothesis: 'h' },
      ],
      'word',
    );
    expect(rates.sentenceErrorRate).toBe(0.5);
    expect(rates.utterances).toBe(4);
  });
});

describe('scoring unit by language', () => {
  it.each(['ja-JP', 'ja-JP_Multimedia', 'ja-JP_BroadbandModel', 'zh-CN_Telephony', 'JA-jp'])(
    'scores %s by characters',
    (language) => {
      expect(scoringUnitFor(language)).toBe('character');
    },
  );

  it.each(['ko-KR', 'ko-KR_Telephony', 'en-US_BroadbandModel', 'hi-IN', undefined])(
    'scores %s by words',
    (language) => {
      expect(scoringUnitFor(language)).toBe('word');
    },
  );

  it('computes a character error rate for Japanese, ignoring the spaces IBM puts between words', () => {
    const rates = scoreTranscripts(
      [{ reference: '今日は晴れです', hypothesis: '今日 は 雨 です' }],
      'character',
    );
    // 今日は晴れです (7 characters) -> 今日は雨です: 晴->雨 substituted, れ deleted
    expect(rates).toMatchObject({ unit: 'character', referenceWords: 7, substitutions: 1, deletions: 1 });
    expect(rates.wer).toBeCloseTo(2 / 7, 12);
  });

  it('scores Korean by words: one wrong syllable costs the whole word', () => {
    const pair = { reference: '저는 학교에 갑니다', hypothesis: '저는 학교에 감니다' };
    const rates = scoreTranscripts([pair], scoringUnitFor('ko-KR_Telephony'));
    expect(rates).toMatchObject({ unit: 'word', referenceWords: 3, substitutions: 1 });
    expect(rates.wer).toBeCloseTo(1 / 3, 12);
  });
});
