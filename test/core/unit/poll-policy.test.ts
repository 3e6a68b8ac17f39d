import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '#core/contract/errors.js';
import type { ModelKind } from '#core/model/custom-model.js';
import {
  busyRecheckDelaySeconds,
  defaultPollPolicy,
  expectedUpgradeSeconds,
  nextPollDelaySeconds,
  type PollPolicy,
  pollBudget,
  pollPolicyOverridesSchema,
  resolvePollPolicy,
  stepFunctionsCost,
} from '#core/unit/poll-policy.js';

const policy = defaultPollPolicy;

function waitSeconds(
  kind: ModelKind,
  expectedSeconds: number,
  elapsedSeconds: number,
  options: { pollsSoFar?: number; pollBudget?: number; policy?: PollPolicy } = {},
): number {
  const decision = nextPollDelaySeconds(
    {
      kind,
      expectedSeconds,
      elapsedSeconds,
      pollsSoFar: options.pollsSoFar ?? 0,
      pollBudget: options.pollBudget,
    },
    options.policy ?? policy,
  );
  if (decision.action !== 'wait') throw new Error('expected a wait');
  return decision.seconds;
}

/** Poll instants the workflow would use, up to `until` seconds after the start. */
function pollTimes(kind: ModelKind, expectedSeconds: number, until: number): number[] {
  const times: number[] = [];
  let elapsed = 0;
  while (elapsed < until) {
    elapsed += waitSeconds(kind, expectedSeconds, elapsed, { pollsSoFar: times.length });
    times.push(elapsed);
  }
  return times;
}

describe('pollPolicyOverridesSchema and resolvePollPolicy', () => {
  it('keeps IBM’s intervals and a margin under the 25,000-event limit by default', () => {
    expect(policy.languageIntervalSeconds).toBe(10);
    expect(policy.acousticIntervalSeconds).toBe(60);
    expect(policy.acousticSecondsPerAudioSecond).toBe(1);
    expect(policy.historyEventBudget).toBeLessThan(stepFunctionsCost.historyEventLimit);
  });

  it('applies valid overrides and keeps the other defaults', () => {
    const resolved = resolvePollPolicy({ acousticSecondsPerAudioSecond: 2, maxWaitSeconds: 3600 });
    expect(resolved).toEqual({
      ...defaultPollPolicy,
      acousticSecondsPerAudioSecond: 2,
      maxWaitSeconds: 3600,
    });
    expect(resolvePollPolicy(undefined)).toEqual(defaultPollPolicy);
  });

  it('names the field of a non-positive or non-numeric value', () => {
    expect(() => resolvePollPolicy({ acousticIntervalSeconds: 0 })).toThrow(/acousticIntervalSeconds/);
    expect(() => resolvePollPolicy({ languageDefaultMinutes: '5' })).toThrow(/languageDefaultMinutes/);
    expect(pollPolicyOverridesSchema.safeParse({ approachRatio: 1 }).success).toBe(false);
    expect(pollPolicyOverridesSchema.safeParse({ maxNearEndPolls: 2.5 }).success).toBe(false);
  });

  it('refuses a budget above Step Functions’ limit and unknown fields', () => {
    expect(() => resolvePollPolicy({ historyEventBudget: 30_000 })).toThrow(/historyEventBudget/);
    expect(() => resolvePollPolicy({ pollEverySeconds: 5 })).toThrow(/pollEverySeconds/);
  });

  it('refuses a longest wait shorter than IBM’s interval', () => {
    expect(() => resolvePollPolicy({ maxWaitSeconds: 30 })).toThrow(InvalidInputError);
  });
});

describe('expectedUpgradeSeconds', () => {
  it('expects an acoustic upgrade to take as long as its audio, scaled by the configured rate', () => {
    expect(expectedUpgradeSeconds({ kind: 'acoustic', audioMinutes: 90 }, policy)).toBe(5400);
    const olderText = { ...policy, acousticSecondsPerAudioSecond: 2 };
    expect(expectedUpgradeSeconds({ kind: 'acoustic', audioMinutes: 90 }, olderText)).toBe(10_800);
  });

  it('uses a base plus a per-word term for language models, a default without a word count', () => {
    expect(expectedUpgradeSeconds({ kind: 'language', wordCount: 0 }, policy)).toBe(
      policy.languageBaseMinutes * 60,
    );
    const small = expectedUpgradeSeconds({ kind: 'language', wordCount: 1_000 }, policy);
    const large = expectedUpgradeSeconds({ kind: 'language', wordCount: 100_000 }, policy);
    expect(large - small).toBe(Math.round(99 * policy.languageMinutesPerThousandWords * 60));
    expect(expectedUpgradeSeconds({ kind: 'language' }, policy)).toBe(policy.languageDefaultMinutes * 60);
  });

  it('returns whole seconds, at least one', () => {
    expect(expectedUpgradeSeconds({ kind: 'acoustic', audioMinutes: 0.0001 }, policy)).toBe(1);
    expect(Number.isInteger(expectedUpgradeSeconds({ kind: 'acoustic', audioMinutes: 1.2345 }, policy))).toBe(
      true,
    );
  });

  it('blends one past duration halfway, in log space, with the data estimate', () => {
    const blended = expectedUpgradeSeconds(
      { kind: 'acoustic', audioMinutes: 60, pastDurationsSeconds: [14_400] },
      policy,
    );
    expect(blended).toBe(Math.round(Math.sqrt(3600 * 14_400)));
  });

  it('trusts the model’s own history more as it accumulates', () => {
    const estimate = (past: number[]) =>
      expectedUpgradeSeconds({ kind: 'acoustic', audioMinutes: 60, pastDurationsSeconds: past }, policy);
    expect(estimate([7200, 7200, 7200])).toBeGreaterThan(estimate([7200]));
    expect(estimate([7200, 7200, 7200])).toBeLessThan(7200);
  });

  it('takes the median of past durations, so one slow run does not drag the estimate', () => {
    const estimate = (past: number[]) =>
      expectedUpgradeSeconds({ kind: 'acoustic', audioMinutes: 60, pastDurationsSeconds: past }, policy);
    expect(estimate([7200, 7200, 500_000])).toBe(estimate([7200, 7200, 7200]));
  });

  it('ignores past durations that are not positive numbers', () => {
    const estimate = expectedUpgradeSeconds(
      { kind: 'acoustic', audioMinutes: 60, pastDurationsSeconds: [0, -5, Number.NaN] },
      policy,
    );
    expect(estimate).toBe(3600);
  });
});

describe('nextPollDelaySeconds', () => {
  const expected = 4 * 3600;

  it('polls first well before the expected end', () => {
    const first = waitSeconds('acoustic', expected, 0);
    expect(first).toBeLessThanOrEqual(expected / 2);
    expect(first).toBeGreaterThan(policy.acousticIntervalSeconds);
  });

  it('approaches the expected end geometrically: waits shrink as the end nears', () => {
    const times = pollTimes('acoustic', expected, expected * (1 - policy.nearEndFraction));
    const waits = times.map((t, i) => t - (times[i - 1] ?? 0));
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeLessThanOrEqual(waits[i - 1] ?? 0);
    expect(waits.length).toBeLessThan(12);
  });

  it('never waits less than IBM’s interval, and waits exactly that near the end of short upgrades', () => {
    for (const kind of ['language', 'acoustic'] as const) {
      const interval = kind === 'language' ? policy.languageIntervalSeconds : policy.acousticIntervalSeconds;
      for (const elapsed of [0, 100, 290, 300, 310, 400, 10_000]) {
        expect(waitSeconds(kind, 300, elapsed)).toBeGreaterThanOrEqual(interval);
      }
      expect(waitSeconds(kind, 300, 300)).toBe(interval);
    }
  });

  it('spaces polls near the end of long upgrades so the window fits its share of polls', () => {
    const spacing = waitSeconds('acoustic', expected, expected);
    expect(spacing).toBe(Math.round((2 * policy.nearEndFraction * expected) / policy.maxNearEndPolls));
    // A tight budget spreads the window's polls further.
    expect(waitSeconds('acoustic', expected, expected, { pollBudget: 30 })).toBe(
      Math.round((2 * policy.nearEndFraction * expected) / 10),
    );
  });

  it('waits longer the further an upgrade overruns, up to the longest wait', () => {
    let previous = 0;
    for (const factor of [1.3, 1.5, 2, 3, 5, 10, 100]) {
      const wait = waitSeconds('acoustic', 3600, 3600 * factor);
      expect(wait).toBeGreaterThanOrEqual(previous);
      expect(wait).toBeLessThanOrEqual(policy.maxWaitSeconds);
      previous = wait;
    }
    expect(previous).toBe(policy.maxWaitSeconds);
  });

  it('needs only a logarithmic number of extra polls for an upgrade ten times slower than expected', () => {
    const toWindowEnd = pollTimes('acoustic', 3600, 3600 * 1.3).length;
    const toTwice = pollTimes('acoustic', 3600, 3600 * 2).length - toWindowEnd;
    const toTenTimes = pollTimes('acoustic', 3600, 3600 * 10).length - toWindowEnd;
    // Each wait is a fixed fraction r of the overrun, so the overrun grows by (1 + r) per poll:
    // from 0.7 E past the window (at 2 E) to 8.7 E past it (at 10 E) takes about log(12.4) / log(1 + r) polls.
    const perPollGrowth = Math.log(1 + policy.overrunGrowthRatio);
    expect(toTenTimes - toTwice).toBeLessThanOrEqual(Math.ceil(Math.log(8.7 / 0.7) / perPollGrowth) + 1);
    // Fixed polling would need 8.7 E / 60 s = 522 polls over the same overrun.
    expect(toTenTimes).toBeLessThan(522 / 10);
  });

  it('always answers whole seconds, at least one', () => {
    for (const expectedSeconds of [0, 0.4, 7, 601, 123_457]) {
      for (const elapsed of [-5, 0, 0.3, 3.7, expectedSeconds, expectedSeconds * 7.77]) {
        const seconds = waitSeconds('language', expectedSeconds, elapsed);
        expect(Number.isInteger(seconds)).toBe(true);
        expect(seconds).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('stops when the step has used its poll budget', () => {
    const progress = { kind: 'acoustic' as const, expectedSeconds: expected, elapsedSeconds: expected };
    expect(nextPollDelaySeconds({ ...progress, pollsSoFar: 49, pollBudget: 50 }, policy).action).toBe('wait');
    expect(nextPollDelaySeconds({ ...progress, pollsSoFar: 50, pollBudget: 50 }, policy)).toEqual({
      action: 'budget-exhausted',
    });
    const lone = pollBudget({ upgradeSteps: 1 }, policy).pollsPerStep;
    expect(nextPollDelaySeconds({ ...progress, pollsSoFar: lone - 1 }, policy).action).toBe('wait');
    expect(nextPollDelaySeconds({ ...progress, pollsSoFar: lone }, policy).action).toBe('budget-exhausted');
  });
});

describe('busyRecheckDelaySeconds', () => {
  it('starts at IBM’s interval, grows with the time waited, and stops growing at its cap', () => {
    expect(busyRecheckDelaySeconds({ kind: 'language', waitedSeconds: 0 }, policy)).toBe(10);
    expect(busyRecheckDelaySeconds({ kind: 'acoustic', waitedSeconds: 0 }, policy)).toBe(60);
    const later = busyRecheckDelaySeconds({ kind: 'acoustic', waitedSeconds: 600 }, policy);
    expect(later).toBe(Math.round(policy.busyBackoffRatio * 600));
    expect(busyRecheckDelaySeconds({ kind: 'acoustic', waitedSeconds: 1e7 }, policy)).toBe(
      policy.busyMaxWaitSeconds,
    );
    expect(Number.isInteger(busyRecheckDelaySeconds({ kind: 'language', waitedSeconds: 33.3 }, policy))).toBe(
      true,
    );
  });
});

describe('pollBudget', () => {
  it('shares the event budget so that a full execution stays within it', () => {
    for (const upgradeSteps of [1, 2, 3, 11, 21, 41]) {
      const { pollsPerStep, plannedEvents } = pollBudget({ upgradeSteps }, policy);
      expect(plannedEvents).toBeLessThanOrEqual(policy.historyEventBudget);
      // One more poll per step would break the budget: the share is as large as it can be.
      expect(plannedEvents + upgradeSteps * stepFunctionsCost.eventsPerPoll).toBeGreaterThan(
        policy.historyEventBudget,
      );
      expect(pollsPerStep).toBeGreaterThan(0);
    }
  });

  it('gives each step fewer polls when the execution has more steps', () => {
    const one = pollBudget({ upgradeSteps: 1 }, policy).pollsPerStep;
    const many = pollBudget({ upgradeSteps: 21 }, policy).pollsPerStep;
    expect(many).toBeLessThan(one / 10);
  });

  it('follows a configured event budget', () => {
    const smaller = pollBudget({ upgradeSteps: 3 }, { ...policy, historyEventBudget: 10_000 });
    expect(smaller.plannedEvents).toBeLessThanOrEqual(10_000);
    expect(smaller.pollsPerStep).toBeLessThan(pollBudget({ upgradeSteps: 3 }, policy).pollsPerStep);
  });

  it('refuses a step count that is not a positive integer', () => {
    expect(() => pollBudget({ upgradeSteps: 0 }, policy)).toThrow(RangeError);
    expect(() => pollBudget({ upgradeSteps: 1.5 }, policy)).toThrow(RangeError);
  });
});
