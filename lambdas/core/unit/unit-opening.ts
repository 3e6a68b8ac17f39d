import { type InvalidInputError, unknownInstanceIssue } from '../contract/errors.js';
import { describeIssues } from '../contract/parse.js';
import { type FleetRun, fleetStopReason } from '../fleet/fleet-records.js';
import type { PollPolicy } from './poll-policy.js';
import { instanceIdOf, notStarted, unitRejection, validatedUnit } from './steps/after-validate.js';
import { type UpgradeUnitInput, upgradeUnitInputSchema } from './unit-input.js';
import type { ValidatedUnit } from './unit-state.js';

/**
 * A unit's first state: whether its input is accepted, and what is recorded when it starts. A bad
 * input is rejected before any call to IBM, with a record of the rejection naming every problem.
 */

/** The execution a unit runs in, as Step Functions names it. */
export interface UnitExecution {
  readonly runId: string;
  readonly startedAt: string;
  readonly executionArn?: string | undefined;
}

export type UnitInputVerdict =
  | { readonly accepted: UpgradeUnitInput }
  | {
      readonly rejected: InvalidInputError;
      /** What the history keeps of the rejection: the instance as given, and every problem. */
      readonly record: {
        readonly runId: string;
        readonly instanceId: string;
        readonly rejectedAt: string;
        readonly error: string;
        readonly cause: string;
      };
    };

/** Accepts a valid input whose instance is configured; `instanceKnown` answers for {@link instanceIdOf} of the input. */
export function unitInputVerdict(
  input: unknown,
  instanceKnown: boolean,
  execution: UnitExecution,
): UnitInputVerdict {
  const parsed = upgradeUnitInputSchema.safeParse(input);
  const issues = parsed.success ? [] : describeIssues(parsed.error);
  if (parsed.success && !instanceKnown) {
    issues.push(`instanceId: ${unknownInstanceIssue(parsed.data.instanceId)}`);
  }
  if (parsed.success && issues.length === 0) return { accepted: parsed.data };
  const rejected = unitRejection(issues);
  return {
    rejected,
    record: {
      runId: execution.runId,
      instanceId: instanceIdOf(input),
      rejectedAt: execution.startedAt,
      error: rejected.name,
      cause: rejected.message,
    },
  };
}

/** What an accepted unit records as it starts, and the plan its model branches run on. */
export interface UnitStart {
  readonly plan: ValidatedUnit;
  /** Noted in the fleet's partition first, so a stopped fleet's closer finds every unit run it started. */
  readonly fleetUnitRun: {
    readonly fleet: NonNullable<ValidatedUnit['run']['fleet']>;
    readonly unitRunId: string;
    readonly startedAt: string;
  } | null;
  readonly run: {
    readonly runId: string;
    readonly executionArn: string | undefined;
    readonly instanceId: string;
    readonly trigger: ValidatedUnit['run']['trigger'];
    readonly dryRun: boolean;
    readonly startedAt: string;
    readonly modelIds: readonly string[];
  };
}

/** A unit of a fleet that has stopped starting units touches no model and records why. */
export function unitStart(
  input: UpgradeUnitInput,
  execution: UnitExecution,
  fleetRun: Pick<FleetRun, 'plan' | 'regressedUnits'> | undefined,
  policy: PollPolicy,
): UnitStart {
  const planned = validatedUnit(input, execution, policy);
  const stop = fleetRun ? fleetStopReason(fleetRun) : null;
  const plan = stop ? notStarted(planned, stop) : planned;
  return {
    plan,
    fleetUnitRun: plan.run.fleet
      ? { fleet: plan.run.fleet, unitRunId: execution.runId, startedAt: execution.startedAt }
      : null,
    run: {
      runId: execution.runId,
      executionArn: execution.executionArn,
      instanceId: plan.run.instanceId,
      trigger: plan.run.trigger,
      dryRun: plan.run.dryRun,
      startedAt: execution.startedAt,
      modelIds: [...plan.languageModels, ...plan.acousticModels].map((m) => m.customizationId),
    },
  };
}
