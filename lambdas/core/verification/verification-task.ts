import { z } from 'zod';
import { type VerificationNext, VerifyPhase } from '../contract/workflow-contract.js';
import { customizationIdSchema, instanceIdSchema } from '../unit/unit-input.js';
import { caughtErrorSchema, modelProgressSchema, modelTaskSchema } from '../unit/unit-state.js';

/**
 * The events of the `verify-model` function, one per phase, and what it keeps in the history table
 * between phases. Transcripts stay in the table: state payloads carry ids and batch numbers only.
 */

/** Prepare and score get the model's document as the upgrade left it; score also a caught failure. */
export const prepareEventSchema = modelTaskSchema.extend({
  phase: z.literal(VerifyPhase.Prepare),
  progress: modelProgressSchema,
});
export type PrepareEvent = z.infer<typeof prepareEventSchema>;

export const scoreEventSchema = modelTaskSchema.extend({
  phase: z.literal(VerifyPhase.Score),
  progress: modelProgressSchema,
  /** Set when a Catch sent the chain here: the verification is recorded invalid. */
  failure: caughtErrorSchema.optional(),
});
export type ScoreEvent = z.infer<typeof scoreEventSchema>;

/** A recognise item: ids and a batch number only. */
export const recogniseEventSchema = z.object({
  phase: z.literal(VerifyPhase.Recognise),
  runId: z.string().min(1).max(200),
  instanceId: instanceIdSchema,
  customizationId: customizationIdSchema,
  batch: z.number().int().nonnegative(),
});
export type RecogniseEvent = z.infer<typeof recogniseEventSchema>;

export const verifyEventSchema = z.discriminatedUnion('phase', [
  prepareEventSchema,
  recogniseEventSchema,
  scoreEventSchema,
]);

/** What prepare returns to the chain: its Choice routes on `next`, its Map iterates `batches`. */
export interface PreparedVerification {
  readonly next: VerificationNext;
  readonly batches: readonly number[];
}

export const recognitionParametersSchema = z.object({
  model: z.string().min(1),
  languageCustomizationId: customizationIdSchema.optional(),
  acousticCustomizationId: customizationIdSchema.optional(),
  customizationWeight: z.number().min(0).max(1).optional(),
});

/** The plan prepare stores for the recognise and score phases of one model in one run. */
export const verificationPlanSchema = z.object({
  testSet: z.string().min(1),
  oldVersion: z.string().min(1),
  newVersion: z.string().min(1),
  parameters: recognitionParametersSchema,
  utterances: z.number().int().positive(),
  perBatch: z.number().int().positive(),
  /** Utterances recognised, spread over the set, when the history budget caps the batches; absent: all. */
  sampled: z.number().int().positive().optional(),
});
export type VerificationPlan = z.infer<typeof verificationPlanSchema>;

const recognitionSchema = z.object({ transcript: z.string(), warnings: z.array(z.string()) });

/** One recognised batch: each utterance's transcripts by both versions, by its index in the manifest. */
export const recognisedBatchSchema = z.object({
  batch: z.number().int().nonnegative(),
  utterances: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      reference: z.string(),
      old: recognitionSchema,
      new: recognitionSchema,
      audioSeconds: z.number().nonnegative().nullable(),
    }),
  ),
});
export type RecognisedBatch = z.infer<typeof recognisedBatchSchema>;
