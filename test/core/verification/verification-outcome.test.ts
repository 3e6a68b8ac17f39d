import { describe, expect, it } from 'vitest';
import {
  countVerifications,
  type RecognisedUtterance,
  regressionNotice,
  unscoredRecord,
  verificationRecord,
} from '#core/verification/index.js';
import { at, NEW, OLD, subject } from './verification-fixtures.js';

const versions = { oldVersion: OLD, newVersion: NEW };

/** A hundred-word test set: each utterance ten words. */
function utterances(newErrors: number, oldErrors = 0, warnings: { old?: string[]; new?: string[] } = {}) {
  return Array.from({ length: 10 }, (_, index): RecognisedUtterance => {
    const words = Array.from({ length: 10 }, (__, word) => `w${index}x${word}`);
    const wrong = (count: number) =>
      words.map((word, position) => (position < count ? 'zzz' : word)).join(' ');
    return {
      reference: words.join(' '),
      old: { transcript: index === 0 ? wrong(oldErrors) : words.join(' '), warnings: warnings.old ?? [] },
      new: { transcript: index === 0 ? wrong(newErrors) : words.join(' '), warnings: warnings.new ?? [] },
      audioSeconds: index === 9 ? null : 6,
    };
  });
}

describe('verificationRecord', () => {
  it('passes at exactly the gate and regresses just above it', () => {
    expect(verificationRecord(subject, versions, utterances(2, 1), at)).toMatchObject({
      outcome: 'passed',
      old: { version: OLD, wer: 0.01, substitutions: 1, referenceWords: 100 },
      new: { version: NEW, wer: 0.02 },
    });
    const regressed = verificationRecord(subject, versions, utterances(3, 1), at);
    expect(regressed.outcome).toBe('regressed');
    expect(regressed.werDelta).toBeCloseTo(0.02, 12);
    expect(regressed.wordsLost).toEqual([
      { word: 'w0x1', count: 1 },
      { word: 'w0x2', count: 1 },
    ]);
  });

  it('counts audio minutes of the utterances whose length is known, and both runs as requests', () => {
    const record = verificationRecord(subject, versions, utterances(0), at);
    expect(record).toMatchObject({
      utterances: 10,
      audioMinutes: 0.9,
      utterancesOfUnknownLength: 1,
      recognitionRequests: 20,
      verifiedAt: '2026-03-01T10:00:00.000Z',
    });
  });

  it('is invalid when IBM ran without the customization, naming the version, and keeps each warning once', () => {
    const ignored =
      'Using non-customized default base model, because your custom language model has been built with a version of the base model that is no longer supported.';
    const record = verificationRecord(subject, versions, utterances(0, 0, { old: [ignored] }), at);
    expect(record.outcome).toBe('invalid');
    expect(record.reason).toContain(`IBM recognised ${OLD} without the customization`);
    expect(record.warnings).toEqual([{ version: OLD, warning: ignored }]);
  });

  it('is invalid when the references have no words to score', () => {
    const empty: RecognisedUtterance = {
      reference: '%HESITATION',
      old: { transcript: '', warnings: [] },
      new: { transcript: 'hello', warnings: [] },
      audioSeconds: 1,
    };
    expect(verificationRecord(subject, versions, [empty], at)).toMatchObject({
      outcome: 'invalid',
      reason: 'the references of the test set have no words to score',
    });
  });
});

describe('summaries', () => {
  it('counts verifications by outcome', () => {
    const records = [
      verificationRecord(subject, versions, utterances(0), at),
      verificationRecord(subject, versions, utterances(5), at),
      unscoredRecord(subject, 'unverified', 'no test set is configured for the model', at),
      unscoredRecord(subject, 'invalid', 'recognition kept failing', at, {
        error: 'Transient',
        cause: 'HTTP 503',
      }),
      unscoredRecord(subject, 'invalid', 'recognition kept failing', at),
    ];
    expect(countVerifications(records)).toEqual({ passed: 1, regressed: 1, invalid: 2, unverified: 1 });
  });

  it('names the model, both WERs, the words lost and the exact version to pin in a regression notice', () => {
    const notice = regressionNotice(verificationRecord(subject, versions, utterances(3, 1), at));
    expect(notice.subject).toBe('Upgrade regressed: claims');
    expect(notice.message).toContain(`language model ${subject.customizationId} ("claims") on instance prod`);
    expect(notice.message).toContain('1.00% before, 3.00% after (gate: at most 1.00% worse)');
    expect(notice.message).toContain('Words lost: w0x1 (1), w0x2 (1).');
    expect(notice.message).toContain(`base_model_version=${OLD}`);
  });
});
