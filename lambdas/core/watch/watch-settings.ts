import { z } from 'zod';

/**
 * Recognition parameters the operator pins for the watch, besides the model and its customization
 * ids (which the watch reads from the model). The same values go on every measurement, so a change
 * in WER is IBM's, not the request's.
 */
export const pinnedRecognitionSchema = z.strictObject({
  /** Absent: IBM's default for the family (0.5 on large speech models). */
  customizationWeight: z.number().min(0).max(1).optional(),
  /** Large speech models only (`default` or `enhanced`); IBM ignores it for other models. */
  parameterSet: z.string().min(1).optional(),
  smartFormattingVersion: z.number().int().min(1).optional(),
  /** Any other `/v1/recognize` query parameter, by IBM's name, e.g. `{ "end_of_phrase_silence_time": 0.8 }`. */
  other: z
    .record(
      z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be an IBM query parameter name such as sad_module'),
      z.union([z.string(), z.number(), z.boolean()]),
    )
    .default({}),
});
export type PinnedRecognition = z.infer<typeof pinnedRecognitionSchema>;

/** IBM Cloud Plus plan: $0.02 per minute of audio recognised, below a million minutes a month (IBM's pricing FAQ). */
export const IBM_PRICE_PER_MINUTE_USD = 0.02;

/** The accuracy watch of one instance. It is off until the instance maps models to test sets. */
export const watchSettingsSchema = z.strictObject({
  /** `false` keeps the watch off even with test sets. @default true */
  enabled: z.boolean().default(true),
  /** EventBridge schedule expression. @default 'rate(7 days)' */
  schedule: z
    .string()
    .regex(/^(?:rate|cron)\(.+\)$/, 'must be an EventBridge schedule expression such as rate(7 days)')
    .default('rate(7 days)'),
  /** A model whose WER moved by more than this (absolute, either way) from its baseline is reported. @default 0.01 */
  maxWerIncrease: z.number().min(0).max(1).default(0.01),
  /** IBM audio minutes the watch may spend in a calendar month (UTC); a run that would pass it does not start. @default no cap */
  monthlyMinutesCap: z.number().positive().optional(),
  /** The price per audio minute the run records. @default 0.02 (IBM Cloud Plus) */
  pricePerMinuteUsd: z.number().nonnegative().default(IBM_PRICE_PER_MINUTE_USD),
  /** Recognition requests of one model's measurement in flight at once. @default 4 */
  recognitionConcurrency: z.number().int().min(1).max(20).default(4),
  /** Models measured at the same time. @default 10 */
  maxConcurrency: z.number().int().min(1).max(1000).default(10),
  recognition: pinnedRecognitionSchema.default({ other: {} }),
});
export type WatchSettings = z.infer<typeof watchSettingsSchema>;
