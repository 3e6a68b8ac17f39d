import { describe, expect, it } from 'vitest';
import { changedUtterances } from '#core/scoring/index.js';

describe('changed utterances', () => {
  it('keeps only utterances the versions recognised differently, the most worsened first', () => {
    const changed = changedUtterances(
      [
        { reference: 'file a claim', oldHypothesis: 'file a claim', newHypothesis: 'File a claim.' },
        { reference: 'my claim number', oldHypothesis: 'my claim number', newHypothesis: 'my clam' },
        { reference: 'call me back', oldHypothesis: 'call me bag', newHypothesis: 'call me back' },
      ],
      'en-US_BroadbandModel',
    );
    expect(changed.map((c) => [c.utterance, c.oldErrors, c.newErrors])).toEqual([
      [2, 0, 2],
      [3, 1, 0],
    ]);
    expect(changed[0]).toMatchObject({
      reference: 'my claim number',
      oldHypothesis: 'my claim number',
      newHypothesis: 'my clam',
    });
  });

  it('aligns the reference, the old and the new words column by column, insertions in columns of their own', () => {
    const [changed] = changedUtterances(
      [
        {
          reference: 'please hold the line',
          oldHypothesis: 'please so hold the line',
          newHypothesis: 'yes please hold line',
        },
      ],
      'en-US',
    );
    expect(changed?.aligned).toEqual([
      { reference: '', old: '', new: 'yes' },
      { reference: 'please', old: 'please', new: 'please' },
      { reference: '', old: 'so', new: '' },
      { reference: 'hold', old: 'hold', new: 'hold' },
      { reference: 'the', old: 'the', new: '' },
      { reference: 'line', old: 'line', new: 'line' },
    ]);
  });
});
