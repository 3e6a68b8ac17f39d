import { z } from 'zod';

/**
 * IBM customization ids are UUIDs (`74f4807e-b5ff-4866-824e-6bba1a84fe96`). Checking the shape
 * up front turns a typo into `InvalidInput` instead of a 404 halfway through a unit.
 */
export const customizationIdSchema = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    'must be a customization id (a UUID)',
  );

/** Instance ids name a configured STT instance; they appear in keys, so keep them plain. */
export const instanceIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, dot, dash or underscore');

export const triggerSchema = z.strictObject({
  type: z.enum(['schedule', 'release', 'manual']),
  /** Release entry id, schedule date, or the operator's name for a manual run. */
  id: z.string().min(1).max(200),
});
export type Trigger = z.infer<typeof triggerSchema>;

/** Base model version suffix such as `v2026-11-24`, the part after `<base_model_name>.`. */
const versionSuffixSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a version suffix like v2026-11-24');

export const unitOptionsSchema = z.strictObject({
  /** Record what would be upgraded, upgrade nothing. */
  dryRun: z.boolean().default(false),
  /** How long to wait for a model that is training, upgrading or locked before giving up. */
  busyDeadlineSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .default(6 * 3600),
  /** How long one upgrade step may take before the unit fails with `UpgradeTimeout`. */
  upgradeDeadlineSeconds: z
    .number()
    .int()
    .min(60)
    .max(30 * 24 * 3600)
    .default(7 * 24 * 3600),
  /** Known newest version per base model (from release notes or a scan); skips models already on it. */
  targetVersions: z.record(z.string().min(1), versionSuffixSchema).default({}),
  /**
   * Upgrade language models of improved next-generation base models by retraining them (IBM's only
   * way for those). Also switched on per instance in the deploy config. Off: they are skipped.
   */
  retrainImprovedModels: z.boolean().default(false),
  /** `false` retrains past invalid corpora, words or grammars (IBM's `strict=false`); otherwise they are skipped. */
  strictTraining: z.boolean().default(true),
});
export type UnitOptions = z.infer<typeof unitOptionsSchema>;

const acousticModelInputSchema = z.strictObject({
  customizationId: customizationIdSchema,
  /** IBM does not record this pairing: the operator declares it. */
  trainedWithLanguageModel: z.boolean().default(false),
});

/**
 * Where a unit sits in a fleet run: the fleet's execution name, the page of units and the index on
 * it. The fleet's planner writes it into each unit; the unit records its outcome there at the end.
 */
export const fleetRefSchema = z.strictObject({
  runId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,80}$/, 'must be a fleet execution name (letters, digits, - or _)'),
  page: z.number().int().min(1),
  item: z.number().int().min(0),
});
export type FleetRef = z.infer<typeof fleetRefSchema>;

/** Execution input of the upgrade-unit state machine. */
export const upgradeUnitInputSchema = z
  .strictObject({
    instanceId: instanceIdSchema,
    languageModelId: customizationIdSchema.optional(),
    acousticModels: z.array(acousticModelInputSchema).max(100).default([]),
    trigger: triggerSchema.default({ type: 'manual', id: 'manual' }),
    options: unitOptionsSchema.default(unitOptionsSchema.parse({})),
    /** Set when the unit runs as an item of a fleet run. */
    fleet: fleetRefSchema.optional(),
  })
  .superRefine((unit, ctx) => {
    if (!unit.languageModelId && unit.acousticModels.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['languageModelId'],
        message: 'a unit needs a language model or at least one acoustic model',
      });
    }
    unit.acousticModels.forEach((model, index) => {
      if (model.trainedWithLanguageModel && !unit.languageModelId) {
        ctx.addIssue({
          code: 'custom',
          path: ['acousticModels', index, 'trainedWithLanguageModel'],
          message: 'is true but the unit has no languageModelId to pair it with',
        });
      }
      if (model.customizationId === unit.languageModelId) {
        ctx.addIssue({
          code: 'custom',
          path: ['acousticModels', index, 'customizationId'],
          message: 'is the same id as languageModelId',
        });
      }
    });
    const ids = unit.acousticModels.map((model) => model.customizationId);
    const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
    if (duplicate) {
      ctx.addIssue({ code: 'custom', path: ['acousticModels'], message: `lists ${duplicate} twice` });
    }
  });
export type UpgradeUnitInput = z.infer<typeof upgradeUnitInputSchema>;
