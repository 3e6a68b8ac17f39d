import { z } from 'zod';
import { triggerSchema } from '../unit/unit-input.js';
import { skipReasonSchema } from '../unit/upgrade-decision.js';

/**
 * The records of the history table as the domain sees them, without storage keys. Every record
 * read back from the table is parsed with these schemas, so a hand-edited or stale item fails
 * loudly instead of flowing on half-formed.
 */

const timestamp = z.iso.datetime({ offset: true });
const name = z.string().min(1);

export const runOutcomeSchema = z.enum(['running', 'succeeded', 'failed', 'rejected']);
export type RunOutcome = z.infer<typeof runOutcomeSchema>;

/** One execution of the upgrade-unit workflow. */
export const unitRunSchema = z.object({
  type: z.literal('unit-run'),
  runId: name,
  instanceId: name,
  /** Absent only on a rejected run whose input had no readable trigger. */
  trigger: triggerSchema.optional(),
  dryRun: z.boolean(),
  startedAt: timestamp,
  endedAt: timestamp.optional(),
  outcome: runOutcomeSchema,
  /** Stable error name of a failed or rejected run. */
  error: z.string().optional(),
  cause: z.string().optional(),
  modelIds: z.array(name),
  /** The execution that runs it; absent on runs recorded before executions were named. */
  executionArn: name.optional(),
});
export type UnitRun = z.infer<typeof unitRunSchema>;

export const attemptOutcomeSchema = z.enum(['in-progress', 'upgraded', 'skipped', 'failed']);
export type AttemptOutcome = z.infer<typeof attemptOutcomeSchema>;

/** One model's upgrade within one run: what it was, what was done, how it ended. */
export const upgradeAttemptSchema = z.object({
  type: z.literal('upgrade-attempt'),
  runId: name,
  instanceId: name,
  customizationId: name,
  kind: z.enum(['language', 'acoustic']),
  /** Empty when the model failed before it could be read. */
  modelName: z.string(),
  baseModelName: z.string(),
  trigger: triggerSchema,
  statusBefore: z.string(),
  versionBefore: z.string().nullable(),
  versionAfter: z.string().optional(),
  targetVersion: z.string().optional(),
  outcome: attemptOutcomeSchema,
  /** Why it was skipped, or the failure's cause in words. */
  reason: z.string().optional(),
  /** A skip's stable key beside its text; absent on failures and on records written before keys were kept. */
  skipKey: skipReasonSchema.optional(),
  /** Stable error name of a failure. */
  error: z.string().optional(),
  /** Upgrade requests made, in order: `upgrade`, `upgrade-with-language-model`, `...-forced`. */
  steps: z.array(name),
  /** IBM returns a model to the status it had; `ready` means it was not retrained. */
  leftStatus: z.enum(['ready', 'available']).optional(),
  startedAt: timestamp,
  endedAt: timestamp.optional(),
  /** From the first request to the poll that saw the last step done. */
  durationSeconds: z.number().nonnegative().optional(),
  /** Seconds each upgrade step took, from its own request: what the poll policy learns from. */
  stepDurations: z.record(z.string(), z.number().nonnegative()).optional(),
  /** Requests whose answer was lost although IBM acted on them; the step was still this run's. */
  lostAnswers: z.number().int().nonnegative().optional(),
  polls: z.number().int().nonnegative(),
  retries: z.number().int().nonnegative(),
  /** Counts writes to the attempt, so a reader can tell two versions of it apart. */
  revision: z.number().int().positive(),
});
export type UpgradeAttempt = z.infer<typeof upgradeAttemptSchema>;

export const stepDetailSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
);
export type StepDetail = z.infer<typeof stepDetailSchema>;

/** One thing that happened to a model during a run (a check, a request, a poll). */
export const stepEventSchema = z.object({
  type: z.literal('step'),
  runId: name,
  customizationId: name,
  step: name,
  at: timestamp,
  detail: stepDetailSchema,
});
export type StepEvent = z.infer<typeof stepEventSchema>;

/** Which run holds the right to upgrade one model, in one step, to one target. */
export const claimSchema = z.object({
  type: z.literal('claim'),
  runId: name,
  claimedAt: timestamp,
  /** The execution of the holding run: once it has ended, the claim protects nothing. */
  executionArn: name.optional(),
  /** When the holder last asked IBM for the step: its answer may have been lost after IBM acted. */
  requestedAt: timestamp.optional(),
  /** The model's `updated` just before that request. */
  updatedBefore: z.string().nullable().optional(),
});
export type Claim = z.infer<typeof claimSchema>;

/**
 * An acoustic model trained with a custom language model finished IBM's third step (upgrade with
 * `custom_language_model_id`) on a base model version. Until this record exists for the version a
 * model is on, the model still owes that step and counts as behind.
 */
export const languageModelStepSchema = z.object({
  type: z.literal('language-model-step'),
  instanceId: name,
  customizationId: name,
  version: name,
  languageModelId: name,
  runId: name,
  doneAt: timestamp,
});
export type LanguageModelStep = z.infer<typeof languageModelStepSchema>;

/** A release-notes entry as first seen, kept so each entry triggers at most one fleet run. */
export const releaseEntrySchema = z.object({
  type: z.literal('release-entry'),
  source: name,
  entryId: name,
  firstSeenAt: timestamp,
  entry: z.json(),
});
export type ReleaseEntry = z.infer<typeof releaseEntrySchema>;

/** What the watcher last read from a release-notes source, so a sudden drop in entries stands out. */
export const releaseSourceSchema = z.object({
  type: z.literal('release-source'),
  source: name,
  /** Base-model update entries the source yielded at its last good check. */
  entryCount: z.number().int().nonnegative(),
  checkedAt: timestamp,
});
export type ReleaseSource = z.infer<typeof releaseSourceSchema>;
