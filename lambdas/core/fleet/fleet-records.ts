import { z } from 'zod';
import {
  customizationIdSchema,
  fleetRefSchema,
  triggerSchema,
  upgradeUnitInputSchema,
} from '../unit/unit-input.js';

/**
 * The history records of a fleet run: the run itself (its plan, live counters and final summary),
 * its pages of units, and one outcome per unit. Lists in the run record are capped so the item stays
 * far below DynamoDB's 400 KB; the counts beside them are exact.
 */

const timestamp = z.iso.datetime({ offset: true });
const name = z.string().min(1);

/** At most this many entries of a list are kept in the fleet run record or returned by a state. */
export const LISTED_MAX = 50;

export const opaqueModelSchema = z.object({
  instanceId: name,
  customizationId: name,
  kind: z.enum(['language', 'acoustic']),
  baseModelName: z.string(),
  versions: z.array(z.string()),
});

export const unreachableInstanceSchema = z.object({ instanceId: name, error: z.string(), cause: z.string() });
export type UnreachableInstance = z.infer<typeof unreachableInstanceSchema>;

export const fleetPlanRecordSchema = z.object({
  instances: z.array(
    z.object({
      instanceId: name,
      modelsConsidered: z.number().int().nonnegative(),
      modelsBehind: z.number().int().nonnegative(),
      units: z.number().int().nonnegative(),
    }),
  ),
  unitCount: z.number().int().nonnegative(),
  pageCount: z.number().int().nonnegative(),
  /** Models whose versions could not be ordered against the target: reported, not upgraded. */
  opaqueCount: z.number().int().nonnegative(),
  opaque: z.array(opaqueModelSchema).max(LISTED_MAX),
  pairingProblemCount: z.number().int().nonnegative(),
  pairingProblems: z.array(z.object({ instanceId: name, problem: z.string() })).max(LISTED_MAX),
  targets: z.record(z.string(), z.record(z.string(), z.string())),
  /** Instances whose models could not be listed (bad credentials, unknown URL): planned without them. */
  unreachableInstances: z.array(unreachableInstanceSchema).default([]),
  /** What asking IBM itself cost and found, where an instance probes its models. */
  probe: z
    .object({
      models: z.number().int().nonnegative(),
      behind: z.number().int().nonnegative(),
      failed: z.number().int().nonnegative(),
      audioMinutes: z.number().nonnegative(),
    })
    .optional(),
  /** The run stops starting units once this many of them have regressed; null: it never stops. */
  maxRegressedUnits: z.number().int().min(1).nullable().default(null),
});
export type FleetPlanRecord = z.infer<typeof fleetPlanRecordSchema>;

/** One unit that failed, as operators read it: the unit's run and each failed model with its reason. */
export const failedUnitSchema = z.object({
  unitRunId: name,
  instanceId: name,
  page: z.number().int(),
  item: z.number().int(),
  modelIds: z.array(name),
  failures: z.array(z.object({ customizationId: name, error: z.string(), cause: z.string() })),
});
export type FailedUnit = z.infer<typeof failedUnitSchema>;

/** A planned unit that never recorded an outcome: its execution ended before its summary state. */
export const unreportedUnitSchema = z.object({
  instanceId: name,
  page: z.number().int(),
  item: z.number().int(),
  modelIds: z.array(name),
});
export type UnreportedUnit = z.infer<typeof unreportedUnitSchema>;

/** How many upgraded models' verifications ended each way. */
export const verificationCountsSchema = z.object({
  passed: z.number().int().nonnegative(),
  regressed: z.number().int().nonnegative(),
  invalid: z.number().int().nonnegative(),
  unverified: z.number().int().nonnegative(),
});
const noVerifications = { passed: 0, regressed: 0, invalid: 0, unverified: 0 };

export const fleetStatusSchema = z.enum(['NothingToUpgrade', 'AllUnitsSucceeded', 'FleetHadFailures']);

export const fleetSummarySchema = z.object({
  fleetRunId: name,
  /**
   * `FleetHadFailures` when any unit failed or never reported, or an instance could not be listed; the fleet execution still succeeds,
   * because the fleet did its work, and operators and alarms read this marker.
   */
  status: fleetStatusSchema,
  dryRun: z.boolean(),
  units: z.object({
    planned: z.number().int().nonnegative(),
    succeeded: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    unreported: z.number().int().nonnegative(),
    /** Units the run did not start because too many had regressed. */
    notStarted: z.number().int().nonnegative().default(0),
  }),
  models: z.object({
    upgraded: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    verification: verificationCountsSchema.default(noVerifications),
  }),
  /** Set when the run stopped starting units after `maxRegressedUnits` of them regressed. */
  stoppedAfterRegressions: z
    .object({ regressedUnits: z.number().int().nonnegative(), maxRegressedUnits: z.number().int().min(1) })
    .nullable()
    .default(null),
  opaqueVersions: z.number().int().nonnegative(),
  failedUnits: z.array(failedUnitSchema).max(LISTED_MAX),
  unreachableInstances: z.array(unreachableInstanceSchema).default([]),
  unreportedUnits: z.array(unreportedUnitSchema).max(LISTED_MAX),
  message: z.string(),
  /** Where the run's HTML report was written (the notification carries it), or why it was not. */
  report: z
    .union([
      z.object({ uri: z.string().min(1), consoleLink: z.url().optional() }),
      z.object({ notWritten: z.string().min(1) }),
    ])
    .optional(),
});
export type FleetSummary = z.infer<typeof fleetSummarySchema>;

export const fleetRunSchema = z.object({
  type: z.literal('fleet-run'),
  fleetRunId: name,
  trigger: triggerSchema,
  dryRun: z.boolean(),
  startedAt: timestamp,
  endedAt: timestamp.optional(),
  /** `failed`: the execution was stopped, timed out or failed before its summary (`error` says so). */
  outcome: z.enum(['running', 'succeeded', 'failed']),
  /** Stable error name of a failed run, and its cause in words. */
  error: z.string().optional(),
  cause: z.string().optional(),
  plan: fleetPlanRecordSchema,
  /** Units that succeeded and failed, as the summary counted them from the unit outcomes; 0 until then. */
  unitsSucceeded: z.number().int().nonnegative().default(0),
  unitsFailed: z.number().int().nonnegative().default(0),
  /**
   * Units with at least one regressed model, added to as units end: the fleet's stop counter. The
   * item also keeps the keys of the units counted (`regressedUnitKeys`), so none counts twice.
   */
  regressedUnits: z.number().int().nonnegative().default(0),
  summary: fleetSummarySchema.optional(),
});
export type FleetRun = z.infer<typeof fleetRunSchema>;

/** Units of one page, exactly as the Distributed Map gets them. */
export const fleetPageSchema = z.object({
  type: z.literal('fleet-page'),
  fleetRunId: name,
  page: z.number().int().min(1),
  units: z.array(upgradeUnitInputSchema),
});
export type FleetPage = z.infer<typeof fleetPageSchema>;

/** How one unit of a fleet run ended; written once by the unit's last state. */
export const fleetUnitOutcomeSchema = z.object({
  type: z.literal('fleet-unit'),
  fleet: fleetRefSchema,
  unitRunId: name,
  instanceId: name,
  modelIds: z.array(customizationIdSchema),
  outcome: z.enum(['succeeded', 'failed']),
  upgraded: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  failures: z.array(z.object({ customizationId: name, error: z.string(), cause: z.string() })),
  verification: verificationCountsSchema.default(noVerifications),
  /** Why the unit was not started (the fleet had stopped), if it was not. */
  notStarted: z.string().optional(),
  endedAt: timestamp,
});
export type FleetUnitOutcome = z.infer<typeof fleetUnitOutcomeSchema>;

/**
 * A unit execution the fleet started, written by the unit's first state before its run record: the
 * closer finds every unit run of a stopped fleet here, by a consistent read of the fleet's partition.
 */
export const fleetUnitRunSchema = z.object({
  type: z.literal('fleet-unit-run'),
  fleet: fleetRefSchema,
  unitRunId: name,
  startedAt: timestamp,
});
export type FleetUnitRun = z.infer<typeof fleetUnitRunSchema>;

/** Why a fleet run starts no more units, or null while it goes on. */
export function fleetStopReason(run: Pick<FleetRun, 'plan' | 'regressedUnits'>): string | null {
  const limit = run.plan.maxRegressedUnits;
  if (limit === null || run.regressedUnits < limit) return null;
  return `the fleet stopped starting units after ${run.regressedUnits} unit(s) regressed (maxRegressedUnits ${limit})`;
}
