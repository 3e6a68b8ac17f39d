// What the history's ports are given and answer, beside the records themselves.
import type { FleetPlanRecord } from '../fleet/fleet-records.js';
import type { Trigger } from '../unit/unit-input.js';
import type { RunOutcome, StepEvent, UnitRun, UpgradeAttempt } from './history-records.js';

/** A run as its first state records it; it starts `running`. */
export type NewRun = Pick<UnitRun, 'runId' | 'instanceId' | 'trigger' | 'dryRun' | 'startedAt'> & {
  readonly modelIds: readonly string[];
  readonly executionArn?: string | undefined;
};

/** A run whose input failed validation: it ends as it starts. */
export interface RejectedRun {
  readonly runId: string;
  readonly instanceId: string;
  readonly rejectedAt: string;
  readonly error: string;
  readonly cause: string;
  readonly trigger?: Trigger;
  readonly dryRun?: boolean;
  readonly modelIds?: readonly string[];
}

export interface RunEnd {
  readonly outcome: Exclude<RunOutcome, 'running' | 'rejected'>;
  readonly endedAt: string;
  readonly error?: string;
  readonly cause?: string;
}

/** `finished: false` means the run had already ended (a retried last state); `run` is as stored. */
export type FinishRunResult = { readonly finished: boolean; readonly run: UnitRun };

/** An attempt as a model's first check opens it; it starts `in-progress` with zeroed counters. */
export type NewAttempt = Pick<
  UpgradeAttempt,
  | 'runId'
  | 'instanceId'
  | 'customizationId'
  | 'kind'
  | 'modelName'
  | 'baseModelName'
  | 'trigger'
  | 'statusBefore'
  | 'versionBefore'
  | 'startedAt'
> & { readonly targetVersion?: string | undefined };

/** Identifies one upgrade attempt. */
export interface AttemptKey {
  readonly instanceId: string;
  readonly customizationId: string;
  readonly startedAt: string;
  readonly runId: string;
}

export type NewStepEvent = Omit<StepEvent, 'type'>;

export interface RunHistory {
  readonly run?: UnitRun;
  /** Ordered by customization id. */
  readonly attempts: UpgradeAttempt[];
  /** Ordered by time. */
  readonly steps: StepEvent[];
}

/** A fleet run as its plan records it. */
export interface NewFleetRun {
  readonly fleetRunId: string;
  readonly trigger: Trigger;
  readonly dryRun: boolean;
  readonly startedAt: string;
  readonly plan: FleetPlanRecord;
}
