import { z } from 'zod';

const uuid = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    'must be a UUID (8-4-4-4-12 hex digits)',
  );
const version = z
  .string()
  .regex(/^[^\s.]+$/, 'must be a bare version such as v2020-01-16 (no spaces or dots)');
const status = z.enum(['pending', 'ready', 'training', 'available', 'upgrading', 'failed']);
const seconds = z.number().nonnegative();

const baseModelSeedSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z]{2}-[A-Z]{2}(?:_\w+)?$/, 'must look like en-US_BroadbandModel, or a locale such as en-US'),
  versions: z.array(version).min(1),
  upgradeMethod: z.enum(['upgrade_model', 'retrain']).optional(),
});

const languageModelSeedSchema = z.strictObject({
  customizationId: uuid.optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  baseModelName: z.string().min(1),
  dialect: z.string().optional(),
  version: version.optional(),
  status: status.optional(),
  words: z.number().int().nonnegative().optional(),
  busyForSeconds: seconds.optional(),
});

const acousticModelSeedSchema = z.strictObject({
  customizationId: uuid.optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  baseModelName: z.string().min(1),
  version: version.optional(),
  status: status.optional(),
  audioMinutes: z.number().nonnegative().optional(),
  trainedWithLanguageModel: uuid.optional(),
  unmodifiedSinceTraining: z.boolean().optional(),
  busyForSeconds: seconds.optional(),
});

/** Models to create when the simulator starts (or on `POST /_simulator/fleet`); also the `--fleet` file format. */
export const fleetSeedSchema = z.strictObject({
  baseModels: z.array(baseModelSeedSchema).optional(),
  languageModels: z.array(languageModelSeedSchema).optional(),
  acousticModels: z.array(acousticModelSeedSchema).optional(),
});

export type FleetSeed = z.infer<typeof fleetSeedSchema>;
export type LanguageModelSeed = z.infer<typeof languageModelSeedSchema>;
export type AcousticModelSeed = z.infer<typeof acousticModelSeedSchema>;
