import { type PollPolicy, pollBudget, stepFunctionsCost } from '../unit/poll-policy.js';
import { UTTERANCES_PER_BATCH } from './verification-decision.js';

/**
 * What verifying one model costs in history events. Prepare, score and the end of the chain are
 * 18 (two Lambda tasks of 5, the Choice 2, the recognise Map 4, the last Pass 2); each recognise
 * batch adds 7 (its Map iteration 2, its Lambda task 5).
 */
export const verificationCost = { eventsPerModel: 18, eventsPerBatch: 7 } as const;

/**
 * Events a unit execution keeps for verifying its models, beside the poll budget: the poll policy's
 * 20,000 and these 3,000 leave 2,000 of Step Functions' 25,000 for retries.
 */
export const VERIFICATION_EVENT_BUDGET = 3_000;

/** Recognise batches one model may run when each of the unit's models is verified. */
export function verificationBatchCap(modelsInUnit: number): number {
  const perModel = Math.floor(VERIFICATION_EVENT_BUDGET / Math.max(1, modelsInUnit));
  const { eventsPerModel, eventsPerBatch } = verificationCost;
  return Math.max(1, Math.floor((perModel - eventsPerModel) / eventsPerBatch));
}

/**
 * The part of a test set a verification recognises: all of it when it fits the cap, otherwise as
 * many utterances as the capped batches hold, spread evenly over the whole set (see {@link sampledIndex}).
 */
export function sampledTestSet(
  utterances: number,
  maxBatches: number,
  perBatch = UTTERANCES_PER_BATCH,
): { readonly sampled: number; readonly batches: number } {
  const sampled = Math.min(utterances, maxBatches * perBatch);
  return { sampled, batches: Math.ceil(sampled / perBatch) };
}

/** The manifest index of the k-th recognised utterance of `sampled` spread over `utterances`. */
export function sampledIndex(k: number, sampled: number, utterances: number): number {
  return Math.floor((k * utterances) / sampled);
}

/** A unit's history at its worst, by part: every step using its whole poll budget, every model verified. */
export interface UnitHistoryEvents {
  readonly pollEvents: number;
  readonly verificationEvents: number;
  readonly total: number;
  readonly limit: number;
  readonly batchesPerModel: number;
  readonly utterancesPerModel: number;
}

export function unitHistoryWorstCase(
  unit: { readonly models: number; readonly upgradeSteps: number; readonly testSetUtterances: number },
  policy: PollPolicy,
): UnitHistoryEvents {
  const pollEvents = pollBudget({ upgradeSteps: unit.upgradeSteps }, policy).plannedEvents;
  const { sampled, batches } = sampledTestSet(unit.testSetUtterances, verificationBatchCap(unit.models));
  const verificationEvents =
    unit.models * (verificationCost.eventsPerModel + verificationCost.eventsPerBatch * batches);
  return {
    pollEvents,
    verificationEvents,
    total: pollEvents + verificationEvents,
    limit: stepFunctionsCost.historyEventLimit,
    batchesPerModel: batches,
    utterancesPerModel: sampled,
  };
}
