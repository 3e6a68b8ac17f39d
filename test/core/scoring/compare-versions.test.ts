import { describe, expect, it } from 'vitest';
import { compareVersions } from '#core/scoring/index.js';

describe('comparing the old and the new version on one test set', () => {
  const utterances = [
    {
      reference: 'I would like to check my claim status',
      oldHypothesis: 'I would like to check my claim status',
      newHypothesis: 'I would like to check my clam status',
    },
    {
      reference: 'my claim number is four two',
      oldHypothesis: 'my claim number is for two',
      newHypothesis: 'my number is for two',
    },
    {
      reference: 'status please',
      oldHypothesis: 'status please',
      newHypothesis: 'status please',
    },
  ];

  it('scores both runs and gives the new WER minus the old', () => {
    const comparison = compareVersions(utterances, 'en-US_Telephony');
    expect(comparison.oldRates).toMatchObject({ referenceWords: 16, substitutions: 1, deletions: 0 });
    expect(comparison.newRates).toMatchObject({ referenceWords: 16, substitutions: 2, deletions: 1 });
    expect(comparison.werDelta).toBeCloseTo(3 / 16 - 1 / 16, 12);
  });

  it('lists the words the old version got right and the new one missed, most frequent first', () => {
    const comparison = compareVersions(utterances, 'en-US_Telephony');
    // "four" was wrong in both runs, so it is not lost.
    expect(comparison.wordsLost).toEqual([{ word: 'claim', count: 2 }]);
  });

  it('does not count a word the new version fixed as lost', () => {
    const comparison = compareVersions(
      [{ reference: 'four two', oldHypothesis: 'for two', newHypothesis: 'four too' }],
      'en-US',
    );
    expect(comparison.wordsLost).toEqual([{ word: 'two', count: 1 }]);
  });

  it('orders words lost equally often alphabetically', () => {
    const comparison = compareVersions(
      [{ reference: 'beta alpha gamma', oldHypothesis: 'beta alpha gamma', newHypothesis: 'gamma' }],
      'en-US',
    );
    expect(comparison.wordsLost).toEqual([
      { word: 'alpha', count: 1 },
      { word: 'beta', count: 1 },
    ]);
  });

  it('compares Japanese by characters', () => {
    const comparison = compareVersions(
      [{ reference: '東京です', oldHypothesis: '東京 です', newHypothesis: '東 です' }],
      'ja-JP_Multimedia',
    );
    expect(comparison.newRates).toMatchObject({ unit: 'character', referenceWords: 4, deletions: 1 });
    expect(comparison.werDelta).toBeCloseTo(0.25, 12);
    expect(comparison.wordsLost).toEqual([{ word: '京', count: 1 }]);
  });

  it('has no delta when the references have no words', () => {
    const comparison = compareVersions([{ reference: '', oldHypothesis: '', newHypothesis: 'hm' }], 'en-US');
    expect(comparison.werDelta).toBeNull();
  });
});
