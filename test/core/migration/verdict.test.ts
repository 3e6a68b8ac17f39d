import { describe, expect, it } from 'vitest';
import { compareMigration, type MigrationUtterance } from '#core/migration/index.js';
import { noWordsToScore } from '#core/scoring/index.js';

/** Ten utterances of ten words; the first `sourceErrors` / `targetErrors` words of the first utterance are wrong. */
function utterances(sourceErrors: number, targetErrors: number, warning?: string): MigrationUtterance[] {
  return Array.from({ length: 10 }, (_, index) => {
    const words = Array.from({ length: 10 }, (__, w) => `w${index}x${w}`);
    const wrong = (count: number) =>
      words.map((word, p) => (index === 0 && p < count ? 'zzz' : word)).join(' ');
    return {
      reference: words.join(' '),
      source: { transcript: wrong(sourceErrors), warnings: [] },
      target: { transcript: wrong(targetErrors), warnings: warning ? [warning] : [] },
      audioSeconds: 6,
    };
  });
}

describe('compareMigration', () => {
  it('is better when the new WER is lower by more than the gate, naming the words gained', () => {
    const result = compareMigration(utterances(5, 1), 0.01, 'en-US');
    expect(result).toMatchObject({ verdict: 'better', source: { wer: 0.05 }, target: { wer: 0.01 } });
    expect(result.werDelta).toBeCloseTo(-0.04, 9);
    expect(result.wordsGained.map((w) => w.word)).toEqual(['w0x1', 'w0x2', 'w0x3', 'w0x4']);
    expect(result.wordsLost).toEqual([]);
  });

  it('is worse when the new WER is higher by more than the gate, naming the words lost', () => {
    const result = compareMigration(utterances(0, 3), 0.01, 'en-US');
    expect(result.verdict).toBe('worse');
    expect(result.wordsLost.map((w) => w.word)).toEqual(['w0x0', 'w0x1', 'w0x2']);
  });

  it('is equal within the gate either way, the gate itself included', () => {
    expect(compareMigration(utterances(2, 1), 0.01, 'en-US').verdict).toBe('equal');
    expect(compareMigration(utterances(1, 2), 0.01, 'en-US').verdict).toBe('equal');
    expect(compareMigration(utterances(1, 3), 0.01, 'en-US').verdict).toBe('worse');
    expect(compareMigration(utterances(4, 1), 0.03, 'en-US').verdict).toBe('equal');
  });

  it('is invalid when IBM says it ignored the customization', () => {
    const result = compareMigration(
      utterances(
        5,
        0,
        'Using non-customized default base model, because your custom language model has been built with a version of the base model that is no longer supported.',
      ),
      0.01,
      'en-US',
    );
    expect(result.verdict).toBe('invalid');
    expect(result.reason).toMatch(/without the customization/);
  });

  it('is invalid when the references have no words to score, for the reason verification gives too', () => {
    const silent = utterances(0, 0).map((u) => ({ ...u, reference: '' }));
    expect(compareMigration(silent, 0.01, 'en-US')).toMatchObject({
      verdict: 'invalid',
      reason: noWordsToScore,
    });
  });

  it('counts two recognitions per utterance and the audio minutes', () => {
    expect(compareMigration(utterances(0, 0), 0.01, 'en-US')).toMatchObject({
      recognitionRequests: 20,
      audioMinutes: 1,
    });
  });
});
