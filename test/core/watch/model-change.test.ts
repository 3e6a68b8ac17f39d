import { describe, expect, it } from 'vitest';
import { scoreTranscripts, werFigures } from '#core/scoring/error-rate.js';
import { fleetAbandonment } from '#core/stopping/execution-end.js';
import { modelChanged, wordsChanged } from '#core/watch/comparison.js';

const measured = (modelVersions: string[], modelUpdated: string) => ({ modelVersions, modelUpdated });
const utterance = (audio: string, transcript: string, reference = 'check my claim status') => ({
  audio,
  reference,
  transcript,
  audioSeconds: 2,
});

describe('what the watch compares', () => {
  it.each([
    { before: measured(['a', 'b'], 't1'), after: measured(['b', 'a'], 't1'), changed: false },
    { before: measured(['a'], 't1'), after: measured(['a', 'b'], 't1'), changed: true },
    { before: measured(['a'], 't1'), after: measured(['a'], 't2'), changed: true },
  ])(
    'a model on $after.modelVersions updated $after.modelUpdated changed: $changed',
    ({ before, after, changed }) => {
      expect(modelChanged(before, after)).toBe(changed);
    },
  );

  it('finds the words lost and gained on the same recordings, and ignores recordings not in both', () => {
    const { lost, gained } = wordsChanged(
      [utterance('1.wav', 'check my claim status'), utterance('2.wav', 'check my clam status')],
      [
        utterance('1.wav', 'check my clam status'),
        utterance('2.wav', 'check my claim status'),
        utterance('3.wav', 'nothing alike'),
      ],
      'en-US',
    );
    expect(lost).toEqual([{ word: 'claim', count: 1 }]);
    expect(gained).toEqual([{ word: 'claim', count: 1 }]);
  });
});

describe('figures a record keeps', () => {
  it('keeps the WER and its parts, nothing else of the scoring', () => {
    const rates = scoreTranscripts(
      [{ reference: 'check my claim status', hypothesis: 'check my clam' }],
      'word',
    );
    expect(werFigures(rates)).toEqual({
      wer: 0.5,
      substitutions: 1,
      deletions: 1,
      insertions: 0,
      referenceWords: 4,
    });
  });

  it('closes a fleet run that ended before its summary as abandoned, saying how it ended', () => {
    expect(fleetAbandonment({ status: 'TIMED_OUT' }, new Date('2026-11-24T10:00:00.000Z'))).toEqual({
      endedAt: '2026-11-24T10:00:00.000Z',
      error: 'RunAbandoned',
      cause: 'the fleet execution ended TIMED_OUT before its summary; its open unit runs were closed',
    });
  });
});
