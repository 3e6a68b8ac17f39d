import type { RunOutcome, StepEvent, UnitRun, UpgradeAttempt } from '#core/history/history-records.js';
import type { Trigger } from '#core/unit/unit-input.js';

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

export type NewStepEvent = Omit<StepEvent, 'type'>;

export interface RunHistory {
  readonly run?: UnitRun;
  /** Ordered by customization id. */
  readonly attempts: UpgradeAttempt[];
  /** Ordered by time. */
  readonly steps: StepEvent[];
}
