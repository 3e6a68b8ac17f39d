import { z } from 'zod';
import { type MigrationNext, MigrationPhase } from '../contract/workflow-contract.js';
import { customizationIdSchema, fleetRefSchema, instanceIdSchema } from '../unit/unit-input.js';

/** The execution input of the migration state machine: one source model of one instance. */
export const migrationInputSchema = z.strictObject({
  instanceId: instanceIdSchema,
  sourceId: customizationIdSchema,
  /** Set by the migration fleet on each of its items. */
  fleetRunId: fleetRefSchema.shape.runId.optional(),
});
export type MigrationInput = z.infer<typeof migrationInputSchema>;

/** The event of every `migrate-model` task: ids only, the record lives in the history table. */
export const migrationEventSchema = z.strictObject({
  phase: z.enum(Object.values(MigrationPhase)),
  input: z.unknown(),
  execution: z.strictObject({ name: z.string().min(1) }),
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
export type MigrationEvent = z.infer<typeof migrationEventSchema>;

/** A task's answer: where the state machine goes next and, for waits, how long. */
export interface MigrationStep {
  readonly next: MigrationNext;
  /** For waits: when the Wait state wakes (ISO 8601), from the clock, so local mode compresses it. */
  readonly wakeAt: string;
  /** Empty unless `next` is `stopped`. */
  readonly error: string;
  readonly cause: string;
}
