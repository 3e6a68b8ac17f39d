import { describe, expect, it } from 'vitest';
import { ErrorName, InvalidInputError, UpgraderError } from '#core/contract/errors.js';
import { VerificationNext } from '#core/contract/workflow-contract.js';
import { RECOGNITION_KEPT_FAILING } from '#core/verification/index.js';
import type { VerificationDecision } from '#core/verification/verification-decision.js';
import {
  batchIndexes,
  brokenTestSetRecord,
  failedRecognitionRecord,
  preparation,
  scoredRecord,
  verificationDone,
  verificationPlanOf,
  verifiedModelOf,
} from '#core/verification/verification-steps.js';
import type { RecognisedBatch, VerificationPlan } from '#core/verification/verification-task.js';
import { at, NEW, OLD, subject } from './verification-fixtures.js';

const recognise = {
  kind: 'recognise',
  testSet: 'claims',
  oldVersion: OLD,
  newVersion: NEW,
  parameters: { model: 'en-US_BroadbandModel' },
} as const;
const plan = (utterances: number, sampled?: number): VerificationPlan => ({
  testSet: 'claims',
  oldVersion: OLD,
  newVersion: NEW,
  parameters: { model: 'en-US_BroadbandModel' },
  utterances,
  perBatch: 5,
  ...(sampled ? { sampled } : {}),
});

describe('preparation', () => {
  it.each([
    { decision: { kind: 'not-upgraded' }, kind: 'done', recorded: null },
    { decision: { kind: 'unverified', reason: 'no test set' }, kind: 'done', recorded: 'unverified' },
    {
      decision: { kind: 'invalid', reason: 'no old version', oldVersion: OLD, newVersion: NEW },
      kind: 'done',
      recorded: 'invalid',
    },
    { decision: recognise, kind: 'recognise', recorded: undefined },
  ] as { decision: VerificationDecision; kind: string; recorded: string | null | undefined }[])(
    '$decision.kind: $kind, recording $recorded',
    ({ decision, kind, recorded }) => {
      const next = preparation(decision, subject, at);
      expect(next.kind).toBe(kind);
      if (next.kind === 'done') expect(next.record?.outcome ?? null).toBe(recorded);
    },
  );
});

describe('verifiedModelOf', () => {
  const languageModelId = '0a000000-0000-4000-8000-000000000001';
  const acousticModelId = '0b000000-0000-4000-8000-000000000002';
  it.each([
    { trained: true, pairedWith: languageModelId },
    { trained: false, pairedWith: null },
  ])(
    'an acoustic model trained with its language model: $trained, recognised with $pairedWith',
    ({ trained, pairedWith }) => {
      const ref = {
        kind: 'acoustic' as const,
        customizationId: acousticModelId,
        trainedWithLanguageModel: trained,
        languageModelId,
      };
      expect(verifiedModelOf(ref, 'en-US_BroadbandModel')).toEqual({
        kind: 'acoustic',
        customizationId: acousticModelId,
        baseModelName: 'en-US_BroadbandModel',
        languageModelId: pairedWith,
      });
    },
  );
});

describe('verificationDone', () => {
  it('sends the chain past the batches: no batch to map over', () => {
    expect(verificationDone).toEqual({ next: VerificationNext.Done, batches: [] });
  });
});

describe('brokenTestSetRecord', () => {
  it('records a test set that cannot be loaded as invalid, naming why', () => {
    const record = brokenTestSetRecord(
      subject,
      new InvalidInputError('Test set claims', ['line 3: no audio']),
      at,
    );
    expect(record).toMatchObject({
      outcome: 'invalid',
      reason: 'the test set cannot be used: Test set claims is invalid: line 3: no audio',
    });
  });

  it.each([new UpgraderError(ErrorName.Transient, 'S3 timed out'), new TypeError('bug')])(
    'leaves %s to be raised',
    (error) => {
      expect(brokenTestSetRecord(subject, error, at)).toBeUndefined();
    },
  );
});

describe('verificationPlanOf', () => {
  it.each([
    { utterances: 12, cap: undefined, batches: [0, 1, 2], sampled: undefined },
    { utterances: 12, cap: 10, batches: [0, 1, 2], sampled: undefined },
    { utterances: 40, cap: 2, batches: [0, 1], sampled: 10 },
  ])(
    '$utterances utterances, cap $cap: batches $batches, sampled $sampled',
    ({ utterances, cap, batches, sampled }) => {
      const { plan: stored, prepared } = verificationPlanOf(recognise, utterances, cap);
      expect(prepared).toEqual({ next: VerificationNext.Recognise, batches });
      expect(stored).toMatchObject({
        testSet: 'claims',
        oldVersion: OLD,
        newVersion: NEW,
        utterances,
        perBatch: 5,
      });
      expect(stored.sampled).toBe(sampled);
    },
  );
});

describe('batchIndexes', () => {
  it.each([
    { stored: plan(12), batch: 0, indexes: [0, 1, 2, 3, 4] },
    { stored: plan(12), batch: 2, indexes: [10, 11] },
    { stored: plan(40, 10), batch: 1, indexes: [20, 24, 28, 32, 36] },
  ])(
    'batch $batch of $stored.utterances (sampled $stored.sampled): $indexes',
    ({ stored, batch, indexes }) => {
      expect(
        batchIndexes(stored, batch, { location: 's3://b/claims', utterances: stored.utterances }),
      ).toEqual(indexes);
    },
  );

  it('refuses a test set whose size changed since the verification began', () => {
    expect(() => batchIndexes(plan(12), 0, { location: 's3://b/claims', utterances: 13 })).toThrow(
      'Test set s3://b/claims is invalid: has 13 utterances now and had 12 when the verification began',
    );
  });
});

describe('failedRecognitionRecord', () => {
  it('records the caught failure as invalid', () => {
    expect(failedRecognitionRecord(subject, { Error: 'Transient', Cause: null }, at)).toMatchObject({
      outcome: 'invalid',
      reason: RECOGNITION_KEPT_FAILING,
      failure: { error: 'Transient', cause: '' },
    });
  });
});

describe('scoredRecord', () => {
  const batch = (n: number, indexes: number[]): RecognisedBatch => ({
    batch: n,
    utterances: indexes.map((index) => ({
      index,
      reference: `word${index}`,
      old: { transcript: `word${index}`, warnings: [] },
      new: { transcript: `word${index}`, warnings: [] },
      audioSeconds: 1,
    })),
  });
  const scored = { ...subject, transcripts: 'prefix/' };

  it('scores every planned utterance, whatever order the batches come in', () => {
    const { record, utterances } = scoredRecord(
      scored,
      plan(7),
      [batch(1, [5, 6]), batch(0, [0, 1, 2, 3, 4])],
      at,
    );
    expect(record).toMatchObject({ outcome: 'passed', utterances: 7 });
    expect(utterances.map((u) => u.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('refuses to score before every planned utterance was recognised', () => {
    expect(() => scoredRecord(scored, plan(7), [batch(0, [0, 1, 2, 3, 4])], at)).toThrow(
      "Recognised batches is invalid: hold 5 of the 7 utterances planned from the test set's 7",
    );
  });

  it('refuses to score without a plan', () => {
    expect(() => scoredRecord(scored, undefined, [], at)).toThrow(
      'score before any verification plan was stored',
    );
  });
});
