import { z } from 'zod';
import { lostWordSchema } from '../verification/verification-record.js';

/**
 * One dated measurement of a model's accuracy on its test set: the error rates, the audio billed, the
 * exact parameters sent and the model as IBM listed it. Transcripts are never part of it: they are in
 * the test-set bucket under `transcripts`.
 */

/**
 * Why a measurement was taken, or why it is a new baseline. `watch`: a watch run. `model-changed`,
 * `parameters-changed`, `test-set-changed`: a watch run that could not be compared with the baseline
 * (the model changed without a recorded upgrade, the pinned parameters or the test set changed).
 * `upgrade`, `retrain`, `migration`: recorded by the change itself, from its own verification.
 */
export const measurementReasonSchema = z.enum([
  'watch',
  'model-changed',
  'parameters-changed',
  'test-set-changed',
  'upgrade',
  'retrain',
  'migration',
]);
export type MeasurementReason = z.infer<typeof measurementReasonSchema>;

/** The parameters sent on every request, by IBM's query parameter names. */
export const sentParametersSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export type SentParameters = z.infer<typeof sentParametersSchema>;

export const measurementSchema = z.object({
  instanceId: z.string().min(1),
  customizationId: z.string().min(1),
  modelName: z.string(),
  baseModelName: z.string().min(1),
  watchRunId: z.string().min(1),
  measuredAt: z.iso.datetime({ offset: true }),
  reason: measurementReasonSchema,
  /** The upgrade, retrain or migration run that recorded it; absent for a watch run's. */
  runId: z.string().min(1).optional(),
  testSet: z.string().min(1),
  /** The model's `versions` and `updated` when measured: a change means the model itself changed. */
  modelVersions: z.array(z.string()),
  modelUpdated: z.string().nullable(),
  parameters: sentParametersSchema,
  /** Null when the references have no words. */
  wer: z.number().nonnegative().nullable(),
  substitutions: z.number().int().nonnegative(),
  deletions: z.number().int().nonnegative(),
  insertions: z.number().int().nonnegative(),
  referenceWords: z.number().int().nonnegative(),
  unit: z.enum(['word', 'character']),
  utterances: z.number().int().nonnegative(),
  audioMinutes: z.number().nonnegative(),
  recognitionRequests: z.number().int().nonnegative(),
  /** IBM's warnings, each once. */
  warnings: z.array(z.string()),
  /** Where the per-utterance transcripts are: a key under the test-set bucket or directory. */
  transcripts: z.string().min(1),
  /** Against the baseline, filled when compared. */
  comparison: z
    .object({
      baselineMeasuredAt: z.string(),
      baselineWer: z.number().nullable(),
      previousWer: z.number().nullable(),
      werDelta: z.number().nullable(),
      verdict: z.enum(['baseline', 'steady', 'worse', 'better']),
      firstMovedAt: z.string().nullable(),
      wordsLost: z.array(lostWordSchema),
      wordsGained: z.array(lostWordSchema),
      notified: z.boolean(),
    })
    .optional(),
});
export type Measurement = z.infer<typeof measurementSchema>;

/** One utterance of a measurement, as the bucket keeps it (JSON Lines). */
export const measuredUtteranceSchema = z.object({
  audio: z.string(),
  reference: z.string(),
  transcript: z.string(),
  audioSeconds: z.number().nonnegative().nullable(),
});
export type MeasuredUtterance = z.infer<typeof measuredUtteranceSchema>;
