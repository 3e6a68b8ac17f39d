import { InvalidInputError } from '../contract/errors.js';
import { VerificationNext } from '../contract/workflow-contract.js';
import type { ModelRef } from '../unit/unit-state.js';
import { sampledIndex, sampledTestSet } from './history-budget.js';
import type { VerifiedModel } from './recognition-parameters.js';
import {
  batchNumbers,
  batchRange,
  UTTERANCES_PER_BATCH,
  type VerificationDecision,
} from './verification-decision.js';
import {
  RECOGNITION_KEPT_FAILING,
  unscoredRecord,
  type VerificationSubject,
  verificationRecord,
} from './verification-outcome.js';
import type { VerificationRecord } from './verification-record.js';
import type { PreparedVerification, RecognisedBatch, VerificationPlan } from './verification-task.js';

/**
 * The rules of the verify-model phases around the decision itself: what prepare records or plans,
 * which utterances a batch recognises, and the invariants recognise and score hold the stored
 * plan to (the test set must not change under a verification, and every planned utterance must
 * be recognised before it is scored).
 */

/** The upgraded model as verification sees it: only a model trained with its language model is recognised with it. */
export function verifiedModelOf(ref: ModelRef, baseModelName: string): VerifiedModel {
  return {
    kind: ref.kind,
    customizationId: ref.customizationId,
    baseModelName,
    languageModelId: ref.trainedWithLanguageModel ? ref.languageModelId : null,
  };
}

/** Nothing to recognise: the chain skips straight past the batches. */
export const verificationDone: PreparedVerification = { next: VerificationNext.Done, batches: [] };

/**
 * What prepare does with its decision: a model IBM did not upgrade needs no record; one that cannot
 * be verified gets its record at once; otherwise the test set is recognised.
 */
export function preparation(
  decision: VerificationDecision,
  subject: VerificationSubject,
  now: Date,
):
  | { readonly kind: 'done'; readonly record: VerificationRecord | null }
  | { readonly kind: 'recognise'; readonly decision: Extract<VerificationDecision, { kind: 'recognise' }> } {
  switch (decision.kind) {
    case 'not-upgraded':
      return { kind: 'done', record: null };
    case 'recognise':
      return { kind: 'recognise', decision };
    default:
      return { kind: 'done', record: unscoredRecord(subject, decision.kind, decision.reason, now) };
  }
}

/**
 * A test set that cannot be loaded is the operator's to fix; the upgrade itself stands, so the
 * verification is recorded invalid. Any other error gives `undefined`, for the caller to raise.
 */
export function brokenTestSetRecord(
  subject: VerificationSubject,
  error: unknown,
  now: Date,
): VerificationRecord | undefined {
  if (!(error instanceof InvalidInputError)) return undefined;
  return unscoredRecord(subject, 'invalid', `the test set cannot be used: ${error.message}`, now);
}

/** The plan the batches follow, sampled to the unit's cap on batches, and the batch numbers to map over. */
export function verificationPlanOf(
  decision: Extract<VerificationDecision, { kind: 'recognise' }>,
  utterances: number,
  batchesPerModel: number | undefined,
): { readonly plan: VerificationPlan; readonly prepared: PreparedVerification } {
  const { sampled } = sampledTestSet(utterances, batchesPerModel ?? utterances);
  return {
    plan: {
      testSet: decision.testSet,
      oldVersion: decision.oldVersion,
      newVersion: decision.newVersion,
      parameters: decision.parameters,
      utterances,
      perBatch: UTTERANCES_PER_BATCH,
      ...(sampled < utterances ? { sampled } : {}),
    },
    prepared: { next: VerificationNext.Recognise, batches: batchNumbers(sampled) },
  };
}

/** The manifest indexes one batch recognises; refuses a test set whose size changed since prepare. */
export function batchIndexes(
  plan: VerificationPlan,
  batch: number,
  testSet: { readonly location: string; readonly utterances: number },
): number[] {
  if (testSet.utterances !== plan.utterances) {
    throw new InvalidInputError(`Test set ${testSet.location}`, [
      `has ${testSet.utterances} utterances now and had ${plan.utterances} when the verification began`,
    ]);
  }
  const sampled = plan.sampled ?? plan.utterances;
  const { start, end } = batchRange(batch, sampled, plan.perBatch);
  return Array.from({ length: end - start }, (_, k) => sampledIndex(start + k, sampled, plan.utterances));
}

/** A chain a Catch sent to score after recognition kept failing: recorded invalid, with the failure. */
export function failedRecognitionRecord(
  subject: VerificationSubject,
  failure: { readonly Error: string; readonly Cause?: string | null | undefined },
  now: Date,
): VerificationRecord {
  return unscoredRecord(subject, 'invalid', RECOGNITION_KEPT_FAILING, now, {
    error: failure.Error,
    cause: failure.Cause ?? '',
  });
}

/** A verification scored: its record, and the plan and utterances it was scored from (the watch measures the new side). */
export interface ScoredVerification {
  readonly record: VerificationRecord;
  readonly plan: VerificationPlan;
  readonly utterances: RecognisedBatch['utterances'];
}

/** The scored record from every stored batch; refuses to score before every planned utterance was recognised. */
export function scoredRecord(
  subject: VerificationSubject & { readonly transcripts: string },
  plan: VerificationPlan | undefined,
  batches: readonly RecognisedBatch[],
  now: Date,
): ScoredVerification {
  if (!plan)
    throw new InvalidInputError('verify-model input', ['score before any verification plan was stored']);
  const utterances = batches.flatMap((batch) => batch.utterances).sort((a, b) => a.index - b.index);
  const expected = plan.sampled ?? plan.utterances;
  if (utterances.length !== expected) {
    throw new InvalidInputError('Recognised batches', [
      `hold ${utterances.length} of the ${expected} utterances planned from the test set's ${plan.utterances}`,
    ]);
  }
  return { record: verificationRecord(subject, plan, utterances, now), plan, utterances };
}
