import { describe, expect, it } from 'vitest';
import { defaultPollPolicy, pollBudget } from '#core/unit/poll-policy.js';
import {
  sampledIndex,
  sampledTestSet,
  unitHistoryWorstCase,
  VERIFICATION_EVENT_BUDGET,
  verificationBatchCap,
  verificationCost,
} from '#core/verification/history-budget.js';

/** A language model and ten acoustic models trained with it: 21 upgrade steps. */
const worstUnit = { models: 11, upgradeSteps: 21, testSetUtterances: 500 };

describe('the history of the worst-case unit', () => {
  it('stays under 25,000 events with every step polling its whole budget and every model verified on 500 utterances', () => {
    const worst = unitHistoryWorstCase(worstUnit, defaultPollPolicy);
    expect(worst.verificationEvents).toBeGreaterThan(0);
    expect(worst.verificationEvents).toBeLessThanOrEqual(VERIFICATION_EVENT_BUDGET);
    expect(worst.total).toBe(worst.pollEvents + worst.verificationEvents);
    expect(worst.total).toBeLessThan(worst.limit);
  });

  it('would pass 25,000 if every utterance were recognised, which is why the batches are capped', () => {
    const { eventsPerModel, eventsPerBatch } = verificationCost;
    const uncapped = worstUnit.models * (eventsPerModel + eventsPerBatch * (worstUnit.testSetUtterances / 5));
    const polls = pollBudget({ upgradeSteps: worstUnit.upgradeSteps }, defaultPollPolicy).plannedEvents;
    expect(polls + uncapped).toBeGreaterThan(25_000);
    expect(unitHistoryWorstCase(worstUnit, defaultPollPolicy).utterancesPerModel).toBeLessThan(500);
  });

  it('recognises the whole test set of a lone model', () => {
    expect(sampledTestSet(500, verificationBatchCap(1))).toEqual({ sampled: 500, batches: 100 });
  });
});

describe('a sampled test set', () => {
  it('spreads the recognised utterances over the whole set, each once', () => {
    const { sampled } = sampledTestSet(500, verificationBatchCap(11));
    const indexes = Array.from({ length: sampled }, (_, k) => sampledIndex(k, sampled, 500));
    expect(new Set(indexes).size).toBe(sampled);
    expect(indexes[0]).toBe(0);
    expect(indexes.at(-1)).toBeGreaterThan(490);
    expect(indexes.every((index, k) => k === 0 || index > (indexes[k - 1] ?? -1))).toBe(true);
  });

  it('is the identity when nothing is left out', () => {
    expect(Array.from({ length: 7 }, (_, k) => sampledIndex(k, 7, 7))).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
