import { z } from 'zod';
import { ErrorName } from '../contract/workflow-contract.js';

const leftBehindSchema = z.object({
  kind: z.enum(['word', 'corpus', 'grammar', 'acoustic-model']),
  name: z.string(),
  reason: z.string(),
});

const scoreSchema = z.object({
  wer: z.number().nullable(),
  substitutions: z.number(),
  deletions: z.number(),
  insertions: z.number(),
  referenceWords: z.number(),
});

const wordCountSchema = z.object({ word: z.string(), count: z.number().int().positive() });

const comparisonSchema = z.object({
  verdict: z.enum(['better', 'equal', 'worse', 'invalid']),
  reason: z.string().optional(),
  gate: z.number(),
  source: scoreSchema,
  target: scoreSchema,
  werDelta: z.number().nullable(),
  wordsLost: z.array(wordCountSchema),
  wordsGained: z.array(wordCountSchema),
  utterances: z.number().int(),
  audioMinutes: z.number(),
  recognitionRequests: z.number().int(),
  warnings: z.array(z.string()),
});

/**
 * One source model's migration, as the history table keeps it: the mapping (source -> new model),
 * where the migration stands, what was left behind and the verdict. A re-run reads it and resumes.
 */
export const migrationRecordSchema = z.object({
  instanceId: z.string().min(1),
  sourceId: z.string().min(1),
  sourceName: z.string(),
  sourceBaseModel: z.string().min(1),
  target: z.string().min(1),
  newModelName: z.string(),
  newModelId: z.string().nullable(),
  runId: z.string().min(1),
  /** The migration fleet run that last ran it, when one did. */
  fleetRunId: z.string().optional(),
  status: z.enum(['running', 'migrated', 'failed']),
  /** The carried words and corpora (corpus text stays in the store: only its location is kept). */
  words: z.array(
    z.object({ word: z.string(), soundsLike: z.array(z.string()), displayAs: z.string().optional() }),
  ),
  corpora: z.array(z.object({ name: z.string(), location: z.string() })),
  testSet: z.string().nullable(),
  leftBehind: z.array(leftBehindSchema),
  /** Words IBM stored with an error on the new model: trained around (strict=false), recorded here. */
  wordsRejected: z.array(z.object({ word: z.string(), reason: z.string() })).default([]),
  /** Undetermined corpora this run has sent again once with allow_overwrite. */
  corporaResent: z.array(z.string()).default([]),
  /** Set just before a create or train request: such a request is "maybe started" until observed. */
  createRequestedAt: z.string().optional(),
  trainRequestedAt: z.string().optional(),
  /** When a poll first saw the new model trained: with `trainRequestedAt`, the training time (to a poll). */
  trainedAt: z.string().optional(),
  trainPolls: z.number().int().nonnegative().default(0),
  comparison: comparisonSchema.optional(),
  error: z.object({ name: z.enum(Object.values(ErrorName)), reason: z.string() }).optional(),
  updatedAt: z.string(),
});
export type MigrationRecord = z.infer<typeof migrationRecordSchema>;
