import { z } from 'zod';

/**
 * What a verification found, per model and run: the test set, the audio recognised, both versions'
 * error rates, IBM's warnings and the words lost. Stored whole; summaries and notices are read from it.
 */

export const verificationOutcomeSchema = z.enum(['passed', 'regressed', 'invalid', 'unverified']);
export type VerificationOutcome = z.infer<typeof verificationOutcomeSchema>;

/** Error rates of one version over the test set, pooled. */
export const versionScoreSchema = z.object({
  /** The full `versions` entry recognition ran with, e.g. `en-US_BroadbandModel.v2020-01-16`. */
  version: z.string().min(1),
  /** Null when the references have no words. */
  wer: z.number().nonnegative().nullable(),
  substitutions: z.number().int().nonnegative(),
  deletions: z.number().int().nonnegative(),
  insertions: z.number().int().nonnegative(),
  referenceWords: z.number().int().nonnegative(),
  unit: z.enum(['word', 'character']),
  sentenceErrorRate: z.number().nonnegative().nullable(),
});
export type VersionScore = z.infer<typeof versionScoreSchema>;

export const lostWordSchema = z.object({ word: z.string(), count: z.number().int().positive() });

export const verificationRecordSchema = z.object({
  runId: z.string().min(1),
  instanceId: z.string().min(1),
  customizationId: z.string().min(1),
  kind: z.enum(['language', 'acoustic']),
  modelName: z.string(),
  baseModelName: z.string(),
  outcome: verificationOutcomeSchema,
  /** Why the outcome is `invalid` or `unverified`; absent for `passed` and `regressed`. */
  reason: z.string().optional(),
  /** The error behind "recognition kept failing", as Step Functions caught it. */
  failure: z.object({ error: z.string(), cause: z.string() }).optional(),
  testSet: z.string().nullable(),
  utterances: z.number().int().nonnegative(),
  /** Minutes of audio in the test set whose length is known (WAV); both runs bill it, so twice this. */
  audioMinutes: z.number().nonnegative(),
  /** Utterances whose audio length could not be read from the file. */
  utterancesOfUnknownLength: z.number().int().nonnegative(),
  recognitionRequests: z.number().int().nonnegative(),
  old: versionScoreSchema.optional(),
  new: versionScoreSchema.optional(),
  /** New WER minus old WER: positive when the new version is worse. */
  werDelta: z.number().nullable().optional(),
  /** The gate this outcome was decided with. */
  maxWerIncrease: z.number().nonnegative(),
  /** IBM's warnings, each once, with the version whose recognition they came with. */
  warnings: z.array(z.object({ version: z.string(), warning: z.string() })),
  wordsLost: z.array(lostWordSchema),
  /** Key prefix of the per-utterance transcripts in the test-set bucket (locally, its directory). */
  transcripts: z.string().min(1).optional(),
  verifiedAt: z.iso.datetime({ offset: true }),
});
export type VerificationRecord = z.infer<typeof verificationRecordSchema>;
