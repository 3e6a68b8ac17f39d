import { z } from 'zod';
import { customizationIdSchema, instanceIdSchema } from '../unit/unit-input.js';
import { watchSettingsSchema } from '../watch/watch-settings.js';

/**
 * What the operator says about each instance and about verification, in the deploy config. The same
 * schemas check the config at `cdk synth` and the handlers' environment at cold start.
 */

/** IBM Cloud trains with `force`; Cloud Pak for Data and Software Hub do not have it. */
export const platformSchema = z.enum(['cloud', 'cloud-pak']);
export type Platform = z.infer<typeof platformSchema>;

/** A test set's name: its prefix in the test-set bucket, or its directory locally. */
export const testSetNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be letters, digits, dots, dashes or underscores');

/** Which test set verifies a model: by its id first, then by its base model, then the instance's default. */
export const testSetMappingSchema = z.strictObject({
  byModel: z.record(customizationIdSchema, testSetNameSchema).default({}),
  byBaseModel: z.record(z.string().min(1), testSetNameSchema).default({}),
  default: testSetNameSchema.optional(),
});
export type TestSetMapping = z.infer<typeof testSetMappingSchema>;

export const instanceSettingsSchema = z.strictObject({
  /** @default 'cloud' */
  platform: platformSchema.default('cloud'),
  /** Upgrade language models of improved next-generation base models by retraining them. @default false */
  retrainImprovedModels: z.boolean().default(false),
  testSets: testSetMappingSchema.default({ byModel: {}, byBaseModel: {} }),
  /**
   * Ask IBM which models are behind: a scan recognises one short clip with each custom model and
   * takes IBM's "Using previous version of base model" warning as proof. Billed per minute. @default false
   */
  probeBehind: z.boolean().default(false),
  /** The accuracy watch: off until `testSets` maps a model; weekly by default. */
  watch: watchSettingsSchema.default(watchSettingsSchema.parse({})),
});
export type InstanceSettings = z.infer<typeof instanceSettingsSchema>;

export const instanceSettingsByIdSchema = z.record(instanceIdSchema, instanceSettingsSchema);

/** The gate every verified upgrade passes through. */
export const verificationSettingsSchema = z.strictObject({
  /** A new version whose word error rate exceeds the old one's by more than this (absolute) regressed. @default 0.01 */
  maxWerIncrease: z.number().min(0).max(1).default(0.01),
  /** A fleet stops starting units once this many of its units regressed. @default no limit */
  maxRegressedUnits: z.number().int().min(1).optional(),
  /** Sent on both recognitions of a comparison; absent: IBM's default for the model. */
  customizationWeight: z.number().min(0).max(1).optional(),
  /** Recognition requests of one verification in flight at once. @default 4 */
  recognitionConcurrency: z.number().int().min(1).max(20).default(4),
});
export type VerificationSettings = z.infer<typeof verificationSettingsSchema>;

/** Retraining improved models is opted in by the run or by the instance's deploy config. */
export function retrainOptedIn(
  runOptIn: boolean | undefined,
  instance: Pick<InstanceSettings, 'retrainImprovedModels'>,
): boolean {
  return runOptIn === true || instance.retrainImprovedModels;
}

/** The test set that verifies a model, if any. */
export function testSetFor(mapping: TestSetMapping, customizationId: string, baseModelName: string) {
  return mapping.byModel[customizationId] ?? mapping.byBaseModel[baseModelName] ?? mapping.default ?? null;
}

/** The watch runs on an instance that maps at least one model to a test set and has not switched it off. */
export function watchEnabled(settings: Pick<InstanceSettings, 'testSets' | 'watch'>): boolean {
  const { byModel, byBaseModel, default: fallback } = settings.testSets;
  const mapsAny = Object.keys(byModel).length + Object.keys(byBaseModel).length > 0 || fallback !== undefined;
  return settings.watch.enabled && mapsAny;
}
