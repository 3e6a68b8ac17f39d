import { z } from 'zod';
import { InvalidInputError } from '../contract/errors.js';
import type { ModelKind } from '../model/custom-model.js';

/**
 * How long the upgrade workflow waits between status polls. Every wait of the state machine comes
 * from here. Shape of a poll schedule around the expected end E of an upgrade step:
 *
 *   0 ── geometric approach ──► E·(1−near) ── even spacing, ≥ IBM's interval ──► E·(1+near) ── growing with the overrun ──►
 *
 * The approach halves the remaining distance (few polls, yet catches fast upgrades early); the
 * window around E is where most upgrades end, so it gets the densest polling; past it, waits grow
 * in proportion to the overrun, so an upgrade ten times slower than expected costs only a
 * logarithmic number of extra polls.
 */
export interface PollPolicy {
  /** IBM's advice for language models: the shortest wait near and after the expected end. */
  readonly languageIntervalSeconds: number;
  /** IBM's advice for acoustic models ("once a minute"). */
  readonly acousticIntervalSeconds: number;
  /**
   * Upgrade seconds per second of audio. IBM's current text says "as long as the cumulative
   * amount of audio" (1.0); its 2021 text said "approximately twice the length" (2.0).
   */
  readonly acousticSecondsPerAudioSecond: number;
  /** Assumed audio when an acoustic model's audio is not known. */
  readonly acousticDefaultAudioMinutes: number;
  /** Language upgrades take "on the order of minutes, depending on the number of words". */
  readonly languageBaseMinutes: number;
  readonly languageMinutesPerThousandWords: number;
  /** Used when the word count is not known. */
  readonly languageDefaultMinutes: number;
  /** How many past upgrades the data estimate is worth when blending in past durations. */
  readonly pastDurationsPriorWeight: number;
  /** Half-width of the window around the expected end, as a fraction of the expected duration. */
  readonly nearEndFraction: number;
  /** The most polls spent inside that window; long upgrades get a wider spacing to fit. */
  readonly maxNearEndPolls: number;
  /** Share of a step's poll budget the window may use, so overruns still have polls left. */
  readonly nearEndBudgetShare: number;
  /** Before the window, each wait is this fraction of the time left until the window. */
  readonly approachRatio: number;
  /** Past the window, each wait is this fraction of the time spent past it. */
  readonly overrunGrowthRatio: number;
  readonly maxWaitSeconds: number;
  /** Waiting for a busy model: each wait is this fraction of the time already waited. */
  readonly busyBackoffRatio: number;
  readonly busyMaxWaitSeconds: number;
  /** History events one execution may plan for: below Step Functions' 25,000, with a margin. */
  readonly historyEventBudget: number;
  /** Events of an execution outside its upgrade steps: checks, claims, records, notification. */
  readonly executionOverheadEvents: number;
}

export const defaultPollPolicy: PollPolicy = {
  languageIntervalSeconds: 10,
  acousticIntervalSeconds: 60,
  acousticSecondsPerAudioSecond: 1.0,
  acousticDefaultAudioMinutes: 30,
  languageBaseMinutes: 2,
  languageMinutesPerThousandWords: 0.1,
  languageDefaultMinutes: 5,
  pastDurationsPriorWeight: 1,
  nearEndFraction: 0.3,
  maxNearEndPolls: 60,
  nearEndBudgetShare: 1 / 3,
  approachRatio: 0.5,
  overrunGrowthRatio: 0.25,
  maxWaitSeconds: 6 * 3600,
  busyBackoffRatio: 0.5,
  busyMaxWaitSeconds: 15 * 60,
  historyEventBudget: 20_000,
  executionOverheadEvents: 300,
};

/**
 * What one poll loop and one upgrade step cost on AWS. A poll is Wait → Poll (Lambda task) →
 * Choice: 9 history events (Wait 2, Lambda task 5, Choice 2), 3 state transitions, 1 invocation.
 * Starting a step (check, start upgrade, record) is about 14 events, 4 transitions, 2 invocations.
 */
export const stepFunctionsCost = {
  eventsPerPoll: 9,
  transitionsPerPoll: 3,
  invocationsPerPoll: 1,
  eventsPerStepStart: 14,
  transitionsPerStepStart: 4,
  invocationsPerStepStart: 2,
  historyEventLimit: 25_000,
} as const;

const positive = z.number().positive().finite();
const fraction = positive.lt(1);

const pollPolicyFields = {
  languageIntervalSeconds: positive,
  acousticIntervalSeconds: positive,
  acousticSecondsPerAudioSecond: positive,
  acousticDefaultAudioMinutes: positive,
  languageBaseMinutes: positive,
  languageMinutesPerThousandWords: positive,
  languageDefaultMinutes: positive,
  pastDurationsPriorWeight: positive,
  nearEndFraction: fraction,
  maxNearEndPolls: positive.int(),
  nearEndBudgetShare: fraction,
  approachRatio: fraction,
  overrunGrowthRatio: positive,
  maxWaitSeconds: positive,
  busyBackoffRatio: positive,
  busyMaxWaitSeconds: positive,
  historyEventBudget: positive.int().max(stepFunctionsCost.historyEventLimit),
  executionOverheadEvents: positive.int(),
};

/** Deploy-time overrides of {@link defaultPollPolicy}; unknown fields are refused. */
export const pollPolicyOverridesSchema = z.strictObject(pollPolicyFields).partial();
export type PollPolicyOverrides = z.infer<typeof pollPolicyOverridesSchema>;

/** The default policy with validated overrides applied; the error names every bad field. */
export function resolvePollPolicy(overrides: unknown): PollPolicy {
  const parsed = pollPolicyOverridesSchema.safeParse(overrides ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const field = issue.path.join('.');
      const unknown = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '';
      return `${field || unknown || 'pollPolicy'}: ${issue.message}`;
    });
    throw new InvalidInputError('poll policy', issues);
  }
  const policy = { ...defaultPollPolicy, ...parsed.data };
  if (policy.maxWaitSeconds < Math.max(policy.languageIntervalSeconds, policy.acousticIntervalSeconds)) {
    throw new InvalidInputError('poll policy', ['maxWaitSeconds: must not be shorter than IBM’s intervals']);
  }
  return policy;
}

function ibmIntervalSeconds(kind: ModelKind, policy: PollPolicy): number {
  return kind === 'language' ? policy.languageIntervalSeconds : policy.acousticIntervalSeconds;
}

export interface UpgradeSizing {
  readonly kind: ModelKind;
  readonly audioMinutes?: number;
  readonly wordCount?: number;
  /** Durations of earlier upgrade steps of the same kind for the same model. */
  readonly pastDurationsSeconds?: readonly number[];
}

/** Expected duration of one upgrade step, in whole seconds (at least 1). */
export function expectedUpgradeSeconds(sizing: UpgradeSizing, policy: PollPolicy): number {
  const fromData = dataEstimateSeconds(sizing, policy);
  const past = (sizing.pastDurationsSeconds ?? []).filter((s) => Number.isFinite(s) && s > 0);
  if (past.length === 0) return Math.max(1, Math.round(fromData));
  // Upgrade times vary by factors (service load, the audio itself), so blend in log space and take
  // the median: one slow run must not drag the estimate. Each past run of this very model counts as
  // much as `pastDurationsPriorWeight` data estimates, so history wins as it accumulates.
  const weight = past.length / (past.length + policy.pastDurationsPriorWeight);
  const blended = Math.exp(weight * Math.log(median(past)) + (1 - weight) * Math.log(fromData));
  return Math.max(1, Math.round(blended));
}

function dataEstimateSeconds(sizing: UpgradeSizing, policy: PollPolicy): number {
  if (sizing.kind === 'acoustic') {
    const minutes = validSize(sizing.audioMinutes) ?? policy.acousticDefaultAudioMinutes;
    return minutes * 60 * policy.acousticSecondsPerAudioSecond;
  }
  const words = validSize(sizing.wordCount);
  if (words === undefined) return policy.languageDefaultMinutes * 60;
  return (policy.languageBaseMinutes + (policy.languageMinutesPerThousandWords * words) / 1000) * 60;
}

function validSize(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

export interface PollProgress {
  readonly kind: ModelKind;
  readonly expectedSeconds: number;
  /** Seconds since the upgrade step was started. */
  readonly elapsedSeconds: number;
  readonly pollsSoFar: number;
  /** Polls this step may use (see {@link pollBudget}); a lone step's budget when omitted. */
  readonly pollBudget?: number;
}

export type PollDecision =
  | { readonly action: 'wait'; readonly seconds: number }
  | { readonly action: 'budget-exhausted' };

/** How long to wait before the next status poll of an upgrade step. */
export function nextPollDelaySeconds(progress: PollProgress, policy: PollPolicy): PollDecision {
  const budget = progress.pollBudget ?? pollBudget({ upgradeSteps: 1 }, policy).pollsPerStep;
  if (progress.pollsSoFar >= budget) return { action: 'budget-exhausted' };

  const expected = Math.max(1, progress.expectedSeconds);
  const elapsed = Math.max(0, progress.elapsedSeconds);
  const windowStart = expected * (1 - policy.nearEndFraction);
  const windowEnd = expected * (1 + policy.nearEndFraction);
  const spacing = nearEndSpacingSeconds(progress.kind, expected, budget, policy);

  let wait: number;
  if (elapsed < windowStart) wait = Math.max(spacing, policy.approachRatio * (windowStart - elapsed));
  else if (elapsed <= windowEnd) wait = spacing;
  else wait = Math.max(spacing, policy.overrunGrowthRatio * (elapsed - windowEnd));
  return { action: 'wait', seconds: wholeSeconds(Math.min(wait, policy.maxWaitSeconds)) };
}

/**
 * Spacing of polls inside the window around the expected end: IBM's interval, unless covering the
 * window at that interval would take more polls than the policy (or the step's budget) allows.
 */
function nearEndSpacingSeconds(
  kind: ModelKind,
  expected: number,
  budget: number,
  policy: PollPolicy,
): number {
  const polls = Math.max(1, Math.min(policy.maxNearEndPolls, Math.floor(budget * policy.nearEndBudgetShare)));
  const evenSpacing = (2 * policy.nearEndFraction * expected) / polls;
  return Math.min(policy.maxWaitSeconds, Math.max(ibmIntervalSeconds(kind, policy), evenSpacing));
}

/** How long to wait before checking again a model that is training, upgrading or locked. */
export function busyRecheckDelaySeconds(
  busy: { readonly kind: ModelKind; readonly waitedSeconds: number },
  policy: PollPolicy,
): number {
  // Nothing says when someone else's work ends: back off in proportion to the wait so far.
  const wait = Math.max(ibmIntervalSeconds(busy.kind, policy), policy.busyBackoffRatio * busy.waitedSeconds);
  return wholeSeconds(Math.min(wait, policy.busyMaxWaitSeconds));
}

function wholeSeconds(seconds: number): number {
  return Math.max(1, Math.round(seconds));
}

export interface PollBudget {
  /** Polls (status polls and busy re-checks) each upgrade step of the execution may use. */
  readonly pollsPerStep: number;
  /** History events of the execution if every step used its whole budget. */
  readonly plannedEvents: number;
}

/**
 * Polls per upgrade step so that one execution stays within the policy's history event budget.
 * All steps of an execution write to the same history, whether they run one after another or
 * concurrently in a Map, so the budget is shared evenly:
 *
 *   overhead + steps × (eventsPerStepStart + eventsPerPoll × pollsPerStep) ≤ historyEventBudget
 *   pollsPerStep = ⌊(historyEventBudget − overhead − steps × 14) / (steps × 9)⌋
 *
 * e.g. one language model and ten acoustic models of two steps each: 21 steps,
 * ⌊(20,000 − 300 − 294) / 189⌋ = 102 polls per step, 19,872 events at most.
 */
export function pollBudget(unit: { readonly upgradeSteps: number }, policy: PollPolicy): PollBudget {
  const steps = unit.upgradeSteps;
  if (!Number.isInteger(steps) || steps < 1)
    throw new RangeError(`upgradeSteps must be a positive integer: ${steps}`);
  const { eventsPerPoll, eventsPerStepStart } = stepFunctionsCost;
  const free = policy.historyEventBudget - policy.executionOverheadEvents - steps * eventsPerStepStart;
  const pollsPerStep = Math.max(0, Math.floor(free / (steps * eventsPerPoll)));
  const plannedEvents =
    policy.executionOverheadEvents + steps * (eventsPerStepStart + eventsPerPoll * pollsPerStep);
  return { pollsPerStep, plannedEvents };
}
