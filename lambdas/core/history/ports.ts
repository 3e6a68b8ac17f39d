import type {
  FleetPage,
  FleetRun,
  FleetSummary,
  FleetUnitOutcome,
  FleetUnitRun,
} from '../fleet/fleet-records.js';
import type { AttemptChange, AttemptCounters } from '../unit/steps/history-writes.js';
import type { ClaimResult, ClaimTarget, EarlierRequest } from '../unit/steps/step-claim.js';
import type { UpgradeUnitInput } from '../unit/unit-input.js';
import type { VerificationRecord } from '../verification/verification-record.js';
import type { VerificationPlan } from '../verification/verification-task.js';
import type { Claim, LanguageModelStep, UnitRun, UpgradeAttempt } from './history-records.js';
import type {
  AttemptKey,
  FinishRunResult,
  NewAttempt,
  NewFleetRun,
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
  /** Every claim on a model, any step and target, with its key (whose sort key starts with the step). */
  claims(
    instanceId: string,
    customizationId: string,
  ): Promise<(Claim & { readonly key: { readonly pk: string; readonly sk: string } })[]>;
  /** Gives up every claim this run holds on a model; returns how many. */
  releaseClaims(instanceId: string, customizationId: string, runId: string): Promise<number>;
}

/** Fleet runs: the plan's pages of units, each unit's outcome and execution, and the run's end. */
export interface FleetRecords {
  /** Writes the pages, then the run; a retried plan gets the stored run with `created: false`. */
  recordPlan(
    run: NewFleetRun,
    pages: readonly { page: number; units: readonly UpgradeUnitInput[] }[],
  ): Promise<{ created: boolean; run: FleetRun }>;
  getRun(fleetRunId: string): Promise<FleetRun | undefined>;
  /** Rejects with `MissingHistoryRecordError` when the run is not stored. */
  requireRun(fleetRunId: string): Promise<FleetRun>;
  getPage(fleetRunId: string, page: number): Promise<FleetPage>;
  pages(fleetRunId: string): Promise<FleetPage[]>;
  /** Records a unit's outcome once, and counts a regressed unit once; `recorded` is false for a repeat. */
  recordUnitOutcome(outcome: Omit<FleetUnitOutcome, 'type'>): Promise<{ recorded: boolean }>;
  unitOutcomes(fleetRunId: string): Promise<FleetUnitOutcome[]>;
  recordUnitRun(unitRun: Omit<FleetUnitRun, 'type'>): Promise<void>;
  unitRuns(fleetRunId: string): Promise<FleetUnitRun[]>;
  /** Ends a run whose execution stopped before its summary; `ended` is false when it had ended. */
  abandonRun(
    fleetRunId: string,
    end: { readonly endedAt: string; readonly error: string; readonly cause: string },
  ): Promise<{ ended: boolean }>;
  finishRun(fleetRunId: string, summary: FleetSummary, endedAt: string): Promise<void>;
}

/** Verifications of upgraded models: a plan and a record per model and run. */
export interface VerificationRecords {
  storePlan(runId: string, customizationId: string, plan: VerificationPlan): Promise<void>;
  plan(runId: string, customizationId: string): Promise<VerificationPlan | undefined>;
  /** Rejects with `MissingHistoryRecordError` when no plan is stored. */
  requirePlan(runId: string, customizationId: string): Promise<VerificationPlan>;
  /** Records once; a later writer gets the stored record with `recorded: false`. */
  record(record: VerificationRecord): Promise<{ recorded: boolean; record: VerificationRecord }>;
  get(runId: string, customizationId: string): Promise<VerificationRecord | undefined>;
  /** Every verification the run recorded, read consistently. */
  ofRun(runId: string): Promise<VerificationRecord[]>;
}
