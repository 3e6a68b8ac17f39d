import { z } from 'zod';
import { customizationIdSchema, instanceIdSchema, triggerSchema } from '../unit/unit-input.js';

/**
 * Execution input of the fleet state machine: which models to consider and why. The schedule
 * sends only a trigger; a release event adds the base models it announced and their new version;
 * an operator may name instances or exact customization ids.
 */
export const fleetInputSchema = z.strictObject({
  trigger: triggerSchema,
  /** Configured instances to scan; all of them when omitted. */
  instanceIds: z.array(instanceIdSchema).min(1).optional(),
  /** Only models on these base models (e.g. those a release entry announced). */
  baseModels: z.array(z.string().min(1).max(100)).min(1).optional(),
  /** Only these models (an operator's manual run); their units come from the configured pairings. */
  customizationIds: z.array(customizationIdSchema).min(1).max(10_000).optional(),
  /**
   * Release dates (YYYY-MM-DD) of announced base-model updates: a model whose newest dated version
   * is older than its base model's date is behind. Release notes give dates, not version strings.
   */
  releaseDates: z.record(z.string().min(1), z.iso.date()).default({}),
  /** Known newest version per base model; otherwise the newest version seen on the instance. */
  targetVersions: z.record(z.string().min(1), z.string().regex(/^[A-Za-z0-9._-]{1,64}$/)).default({}),
  options: z
    .strictObject({
      /** Plan and record, upgrade nothing. */
      dryRun: z.boolean().default(false),
      busyDeadlineSeconds: z.number().int().min(0).optional(),
      upgradeDeadlineSeconds: z.number().int().min(60).optional(),
      /** Retrain language models of improved next-generation base models (see the unit options). */
      retrainImprovedModels: z.boolean().optional(),
      strictTraining: z.boolean().optional(),
      /** Stop starting units once this many have regressed; overrides the deploy config's gate. */
      maxRegressedUnits: z.number().int().min(1).optional(),
    })
    .default({ dryRun: false }),
});
export type FleetInput = z.infer<typeof fleetInputSchema>;
