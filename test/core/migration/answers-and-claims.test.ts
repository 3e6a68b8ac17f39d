import { describe, expect, it } from 'vitest';
import { ErrorName, MigrationNext } from '#core/contract/workflow-contract.js';
import { claimedReason, isMigrationClaim, MIGRATION_CLAIM_STEP } from '#core/migration/claims.js';
import { proceed, stoppedAnswer, stoppedChange, waitUntil } from '#core/migration/step-answers.js';

describe('what a migration step answers the state machine', () => {
  const next = Object.values(MigrationNext)[0] as (typeof MigrationNext)[keyof typeof MigrationNext];

  it('gives every field, empty where it has nothing to say', () => {
    expect(proceed(next)).toEqual({ next, wakeAt: '', error: '', cause: '' });
    expect(waitUntil(next, '2026-11-24T10:05:00.000Z')).toEqual({
      next,
      wakeAt: '2026-11-24T10:05:00.000Z',
      error: '',
      cause: '',
    });
  });

  it.each([
    { record: { sourceName: 'claims', sourceId: 'src-1' }, cause: 'claims: IBM refused the corpus' },
    { record: { sourceName: '', sourceId: 'src-1' }, cause: 'src-1: IBM refused the corpus' },
  ])('stops naming the model: $cause', ({ record, cause }) => {
    expect(stoppedAnswer(record, ErrorName.RequestRejected, 'IBM refused the corpus')).toEqual({
      next: MigrationNext.Stopped,
      wakeAt: '',
      error: ErrorName.RequestRejected,
      cause,
    });
    expect(stoppedChange(ErrorName.RequestRejected, 'IBM refused the corpus')).toEqual({
      status: 'failed',
      error: { name: ErrorName.RequestRejected, reason: 'IBM refused the corpus' },
    });
  });
});

describe('a migration and an upgrade of the same model', () => {
  it.each([
    [MIGRATION_CLAIM_STEP, true],
    ['upgrade', false],
    ['upgrade-with-language-model', false],
  ])('tells a claim of step %s as a migration’s: %s', (upgradeStep, migration) => {
    expect(isMigrationClaim({ upgradeStep })).toBe(migration);
  });

  it('tells the operator which upgrade holds the model and when to run the migration again', () => {
    const claim = {
      runId: 'unit-7',
      upgradeStep: 'upgrade',
      claimedAt: '2026-11-24T10:00:00.000Z',
      holderRunning: true,
    };
    expect(claimedReason(claim)).toBe(
      'upgrade run unit-7 is upgrading this model since 2026-11-24T10:00:00.000Z; run the migration again once it has ended',
    );
  });
});
