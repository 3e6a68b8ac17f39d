import { z } from 'zod';

/** The base-model name a target override is keyed by, and the LSM it names. */
const baseModelNameSchema = z.string().regex(/^[A-Za-z0-9_-]{2,64}$/, 'must be a base model name');

/** How custom models move to large speech models; part of the deploy config and of `migrate` flags. */
export const migrationSettingsSchema = z.strictObject({
  /** Per source base model, the LSM to move to instead of the same-locale one. @default {} */
  targets: z.record(baseModelNameSchema, baseModelNameSchema).default({}),
  /**
   * Price of a minute of training at IBM, if the plan charges for it. IBM's price list bills
   * recognition per minute and names no training charge. @default 0
   */
  trainingPricePerMinuteUsd: z.number().min(0).default(0),
});
export type MigrationSettings = z.infer<typeof migrationSettingsSchema>;

/** IBM Cloud Plus plan: $0.02 per minute of audio recognised, below a million minutes a month (IBM's pricing FAQ). */
export const RECOGNITION_PRICE_PER_MINUTE_USD = 0.02;

/** "no more than 1024 custom language models ... per owning service credentials" (IBM's customization usage notes). */
export const CUSTOM_LANGUAGE_MODEL_LIMIT = 1024;
