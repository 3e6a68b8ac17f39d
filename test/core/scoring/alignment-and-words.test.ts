import { describe, expect, it } from 'vitest';
import { alignUtterance, errorRates } from '#core/scoring/error-rate.js';
import { wordsLost } from '#core/scoring/words-lost.js';

describe('alignUtterance', () => {
  it('aligns after normalisation: case and punctuation are not errors', () => {
    const alignment = alignUtterance(
      { reference: 'File a claim, please.', hypothesis: 'file a claim please' },
      'word',
    );
    expect(alignment.steps.every((step) => step.kind === 'correct')).toBe(true);
  });

  it('counts a substitution, a deletion and an insertion where they are', () => {
    const alignment = alignUtterance(
      { reference: 'file a claim today', hypothesis: 'find a claim now please' },
      'word',
    );
    expect(alignment.substitutions).toBe(2);
    expect(alignment.insertions).toBe(1);
    expect(alignment.deletions).toBe(0);
  });
});

describe('errorRates', () => {
  it('pools edits over the set rather than averaging utterances', () => {
    const long = alignUtterance(
      {
        reference: 'one two three four five six seven eight nine ten',
        hypothesis: 'one two three four five six seven eight nine ten',
      },
      'word',
    );
    const short = alignUtterance({ reference: 'yes', hypothesis: 'no' }, 'word');
    const rates = errorRates([long, short], 'word');
    expect(rates.wer).toBeCloseTo(1 / 11);
    expect(rates.referenceWords).toBe(11);
    expect(rates.sentenceErrorRate).toBe(0.5);
  });

  it('has no rate for a set without reference words', () => {
    expect(errorRates([], 'word')).toMatchObject({ wer: null, sentenceErrorRate: null, utterances: 0 });
  });
});

describe('wordsLost', () => {
  it('counts reference words the old run got right and the new one missed, most frequent first', () => {
    const reference = 'file a claim for the claim number';
    const runs = [
      {
        old: alignUtterance({ reference, hypothesis: reference }, 'word'),
        new: alignUtterance({ reference, hypothesis: 'file a clam for the clam amber' }, 'word'),
      },
    ];
    expect(wordsLost(runs)).toEqual([
      { word: 'claim', count: 2 },
      { word: 'number', count: 1 },
    ]);
  });

  it('does not count a word the old run already missed, nor words the new run gained', () => {
    const reference = 'file a claim';
    const runs = [
      {
        old: alignUtterance({ reference, hypothesis: 'file a clam' }, 'word'),
        new: alignUtterance({ reference, hypothesis: 'file a claim' }, 'word'),
      },
    ];
    expect(wordsLost(runs)).toEqual([]);
  });
});
