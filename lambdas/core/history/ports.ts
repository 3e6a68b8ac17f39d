import type { Claim, LanguageModelStep, UnitRun, UpgradeAttempt } from '../history-records.js';
import type { AttemptChange, AttemptCounters } from '../unit-steps/history-writes.js';
import type { ClaimResult, ClaimTarget, EarlierRequest } from '../unit-steps/step-claim.js';
import type {
  AttemptKey,
  FinishRunResult,
  NewAttempt,
  NewRun,
  NewStepEvent,
  RejectedRun,
  RunEnd,
  RunHistory,
} from './inputs.js';

/**
 * What handlers need of the upgrade history, one small interface per concern. The DynamoDB stores
 * implement them; a handler's test may pass an in-memory fake instead. Every write is idempotent:
 * a retried call answers what the first one stored.
 */

/** Unit runs: opened by their first state, closed by their summary or the closer of abandoned runs. */
export interface HistoryRuns {
  /** Records a run as running; a retry gets the run already stored. */
  startRun(run: NewRun): Promise<UnitRun>;
  /** Closes a running run; a run that already ended comes back as stored with `finished: false`. */
  finishRun(runId: string, end: RunEnd): Promise<FinishRunResult>;
  /** Records a run whose input was rejected; a retry gets the run already stored. */
  recordRejectedRun(run: RejectedRun): Promise<UnitRun>;
  /** One run's record, read consistently. */
  getRun(runId: string): Promise<UnitRun | undefined>;
  /** The run, its attempts and its step events, read consistently (no index). */
  runHistory(runId: string): Promise<RunHistory>;
}

/** A model's upgrade attempts and the step events of its runs. */
export interface HistoryAttempts {
  /** Opens a model's attempt in a run; a retry gets the attempt already stored. */
  startAttempt(attempt: NewAttempt): Promise<UpgradeAttempt>;
  /** Changes an attempt; counters add to what is stored. */
  updateAttempt(key: AttemptKey, change: AttemptChange, counters?: AttemptCounters): Promise<UpgradeAttempt>;
  /** Appends a step event once per `dedupKey`; `recorded` is false for a repeat. */
  recordStep(event: NewStepEvent, dedupKey: string): Promise<{ recorded: boolean }>;
  /** A model's attempts, newest first. */
  modelHistory(
    instanceId: string,
    customizationId: string,
    options?: { limit?: number },
  ): Promise<UpgradeAttempt[]>;
  /** How long one step took in the model's latest upgraded attempts, in seconds, newest first. */
  pastStepDurations(
    instanceId: string,
    customizationId: string,
    step: string,
    limit?: number,
  ): Promise<number[]>;
}

/** Acoustic models' with-language-model steps, per base model version. */
export interface LanguageModelStepHistory {
  recordLanguageModelStep(step: Omit<LanguageModelStep, 'type'>): Promise<void>;
  hasLanguageModelStep(instanceId: string, customizationId: string, version: string): Promise<boolean>;
  /** Every step done on an instance, as `languageModelStepKey`s. */
  languageModelSteps(instanceId: string): Promise<Set<string>>;
}

/**
 * The right to act on a model in one step to one target: at most one run holds it. Taking,
 * taking over and releasing are conditional writes, so two runs never both hold a claim.
 */
export interface HistoryClaims {
  /** Takes the claim, or again (`own`) if this run holds it; otherwise says who does. */
  claim(target: ClaimTarget, runId: string, claimedAt: string, executionArn?: string): Promise<ClaimResult>;
  /** Notes on this run's claim that it is about to ask IBM, before it asks. */
  noteRequest(target: ClaimTarget, runId: string, request: EarlierRequest): Promise<void>;
  /** Clears that note: IBM answered that it did not carry the request out. */
  forgetRequest(target: ClaimTarget, runId: string): Promise<void>;
  /** Takes over a claim another run left, unless it changed hands meanwhile. */
  takeOverClaim(
    target: ClaimTarget,
    runId: string,
    fromRunId: string,
    claimedAt: string,
    executionArn?: string,
  ): Promise<ClaimResult>;
  /** Every claim on a model, any step and target. */
  claims(instanceId: string, customizationId: string): Promise<Claim[]>;
  /** Gives up every claim this run holds on a model; returns how many. */
  releaseClaims(instanceId: string, customizationId: string, runId: string): Promise<number>;
}
