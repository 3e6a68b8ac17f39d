import { describe, expect, it } from 'vitest';
import { migrationRecordSchema } from '#core/migration/migration-record.js';
import { migrationNotice } from '#core/migration/notice.js';

const score = (wer: number) => ({ wer, substitutions: 1, deletions: 0, insertions: 0, referenceWords: 20 });
const record = (verdict: 'better' | 'worse', extra: Record<string, unknown> = {}) =>
  migrationRecordSchema.parse({
    instanceId: 'prod',
    sourceId: 'src-1',
    sourceName: 'claims',
    sourceBaseModel: 'en-US_Telephony',
    target: 'en-US',
    newModelName: 'claims',
    newModelId: 'new-1',
    runId: 'run-1',
    status: 'migrated',
    words: [],
    corpora: [],
    testSet: 'calls',
    leftBehind: [],
    updatedAt: '2026-11-24T10:00:00.000Z',
    comparison: {
      verdict,
      ...(verdict === 'worse' && { reason: 'WER rose by 5 points' }),
      gate: 0.01,
      source: score(0.1),
      target: score(verdict === 'better' ? 0.05 : 0.15),
      werDelta: verdict === 'better' ? -0.05 : 0.05,
      wordsLost: verdict === 'worse' ? [{ word: 'claim', count: 2 }] : [],
      wordsGained: [],
      utterances: 10,
      audioMinutes: 0.5,
      recognitionRequests: 20,
      warnings: [],
    },
    ...extra,
  });

describe('the notice of a migration', () => {
  it('tells how to switch to a better model, and that the source was not changed', () => {
    const notice = migrationNotice(record('better'));
    expect(notice.subject).toBe('Migration of claims to en-US: better');
    expect(notice.message).toContain('model=en-US&language_customization_id=new-1');
    expect(notice.message).toContain('The source model was not changed.');
  });

  it('tells to keep a worse one, with the reason, the words lost and what was not carried', () => {
    const notice = migrationNotice(
      record('worse', { wordsRejected: [{ word: 'two words', reason: 'spaces' }] }),
    );
    expect(notice.message).toContain(
      'Keep your clients on en-US_Telephony with src-1 (WER rose by 5 points)',
    );
    expect(notice.message).toContain('Words lost: claim (2).');
    expect(notice.message).toContain('Not carried: word two words (IBM rejected it: spaces).');
    expect(notice.message).not.toContain('To switch');
  });
});
