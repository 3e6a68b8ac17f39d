import { z } from 'zod';
import { NextAction, UpgradeStep } from '../contract/workflow-contract.js';
import type { VerificationCounts } from '../verification/verification-summary.js';
import {
  customizationIdSchema,
  fleetRefSchema,
  instanceIdSchema,
  triggerSchema,
  unitOptionsSchema,
} from './unit-input.js';

/**
 * The documents the upgrade-unit state machine passes between its states. Each Lambda parses
 * what it receives with these schemas: a state machine edited by hand, or a stale execution
 * resumed after a deploy, fails with `InvalidInput` naming the field instead of doing half a step.
 */

const isoTimestamp = z.iso.datetime({ offset: true });

export const runContextSchema = z.object({
  runId: z.string().min(1).max(200),
  /** The execution running the unit, named on every claim it takes. */
  executionArn: z.string().min(1).optional(),
  instanceId: instanceIdSchema,
  trigger: triggerSchema,
  dryRun: z.boolean(),
  startedAt: isoTimestamp,
  /** The fleet run this unit belongs to, if any: its outcome is added there. */
  fleet: fleetRefSchema.optional(),
  /** Set when the unit's fleet had stopped: the unit touches no model and says why. */
  notStarted: z.string().optional(),
});
export type RunContext = z.infer<typeof runContextSchema>;

export const workflowOptionsSchema = unitOptionsSchema.omit({ dryRun: true }).extend({
  /** Polls one upgrade step may use, so the whole execution stays under the history event limit. */
  pollBudgetPerStep: z.number().int().min(1),
  /** Recognise batches one model's verification may run, so verification fits the history too. */
  verificationBatchesPerModel: z.number().int().min(1).optional(),
});
export type WorkflowOptions = z.infer<typeof workflowOptionsSchema>;

export const modelRefSchema = z.object({
  kind: z.enum(['language', 'acoustic']),
  customizationId: customizationIdSchema,
  trainedWithLanguageModel: z.boolean(),
  languageModelId: customizationIdSchema.nullable(),
});
export type ModelRef = z.infer<typeof modelRefSchema>;

/** Output of the first state: the validated unit, ready for the model branches. */
export const validatedUnitSchema = z.object({
  run: runContextSchema,
  options: workflowOptionsSchema,
  /** Zero or one: a Map over this list runs the language model's steps, so the unit needs no branch for it. */
  languageModels: z.array(modelRefSchema).max(1),
  acousticModels: z.array(modelRefSchema),
});
export type ValidatedUnit = z.infer<typeof validatedUnitSchema>;

export const upgradeStepSchema = z.enum(UpgradeStep);
export { NextAction, UpgradeStep };

export const nextActionSchema = z.enum(NextAction);

/** Where one model stands in its unit; carried from state to state at `$.progress`. */
export const modelProgressSchema = z.object({
  next: nextActionSchema,
  /** Instant the next Wait state sleeps until (see Clock.wakeTimeAfter). */
  wakeAt: isoTimestamp.nullable(),
  /** Start of this model's upgrade attempt: with the run id, the key of its history record. */
  attemptStartedAt: isoTimestamp,
  /** Set while waiting for a busy model: when the wait began, to enforce the busy deadline. */
  busySince: isoTimestamp.nullable(),
  modelName: z.string(),
  baseModelName: z.string(),
  step: upgradeStepSchema.nullable(),
  /** When IBM accepted the current step's upgrade request. */
  requestedAt: isoTimestamp.nullable(),
  statusBefore: z.enum(['pending', 'ready', 'training', 'available', 'upgrading', 'failed']),
  versionsBefore: z.array(z.string()),
  /** The model's `updated` before the current step: the second acoustic step changes no version. */
  updatedBefore: z.string().nullable(),
  expectedSeconds: z.number().nonnegative(),
  /** Polls used by the current step; bounded by `pollBudgetPerStep`. */
  polls: z.number().int().nonnegative(),
  forced: z.boolean(),
  /** The check found IBM's third step owed on the version the model is on. */
  owesLanguageModelStep: z.boolean().default(false),
  /** The version the first step reached: the with-language-model step runs on it. */
  reachedVersion: z.string().nullable().default(null),
  /** Seconds each finished step took, from its own request to the poll that saw it done. */
  stepDurations: z.partialRecord(upgradeStepSchema, z.number().nonnegative()).default({}),
});
export type ModelProgress = z.infer<typeof modelProgressSchema>;

/** Input of every per-model task. `progress` is absent only on a model's first check. */
export const modelTaskSchema = z.object({
  run: runContextSchema,
  options: workflowOptionsSchema,
  model: modelRefSchema,
  progress: modelProgressSchema.nullish(),
});
export type ModelTask = z.infer<typeof modelTaskSchema>;

export const startUpgradeTaskSchema = modelTaskSchema.extend({
  progress: modelProgressSchema,
  step: upgradeStepSchema,
  force: z.boolean(),
});
export type StartUpgradeTask = z.infer<typeof startUpgradeTaskSchema>;

/** What a Catch rule puts at `$.failure`: Step Functions' error name and cause. */
export const caughtErrorSchema = z.object({ Error: z.string(), Cause: z.string().nullish() });

export const recordFailureTaskSchema = modelTaskSchema.extend({ failure: caughtErrorSchema });
export type RecordFailureTask = z.infer<typeof recordFailureTaskSchema>;

export const summarizeUnitTaskSchema = z.object({
  run: runContextSchema,
  /** The unit's acoustic models: those its run never reached (its language model failed) get a record too. */
  acousticModels: z.array(modelRefSchema).default([]),
});

/** The unit's result: the execution output, or its error and cause when it fails. */
export interface UnitSummary {
  readonly runId: string;
  readonly outcome: 'succeeded' | 'failed';
  readonly upgraded: readonly string[];
  readonly skipped: readonly { readonly customizationId: string; readonly reason: string }[];
  readonly failed: readonly {
    readonly customizationId: string;
    readonly error: string;
    readonly cause: string;
  }[];
  readonly error: string | null;
  readonly cause: string | null;
  /** How the upgraded models' verifications ended (all zero where nothing is verified). */
  readonly verification: VerificationCounts;
}
