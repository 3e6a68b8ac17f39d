import { z } from 'zod';
import { type FleetInput, fleetInputSchema } from '../fleet/fleet-input.js';
import { instanceIdSchema } from '../unit/unit-input.js';
import { releaseEntrySchema } from './notes/index.js';

/** The product a release-notes source is written for. */
export const releaseChannelSchema = z.enum(['cloud', 'cloud-pak-for-data', 'software-hub']);
export type ReleaseChannel = z.infer<typeof releaseChannelSchema>;

/** A release-notes source the watcher reads. */
export const releaseNotesSourceSchema = z.strictObject({
  /** Where the Markdown is fetched from; also the key its entries are stored under. */
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
  /** Which product the notes are for; carried in the events the watcher puts. */
  channel: releaseChannelSchema,
});
export type ReleaseNotesSource = z.infer<typeof releaseNotesSourceSchema>;

/** `source` of every event the upgrader puts, and of events put by hand for it. */
export const EVENT_SOURCE = 'stt-model-upgrader';
/** `detail-type` of the event that announces updated base models. */
export const BASE_MODEL_UPDATED = 'Base Model Updated';

/**
 * Fleet executions are named `release-<entryId>`; Step Functions allows 80 characters of
 * letters, digits, `-` and `_` in a name, so the id keeps to those.
 */
export const entryIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,72}$/, 'must be 1-72 letters, digits, - or _ (it names the fleet run)');

/**
 * The `detail` of a `Base Model Updated` event (source `stt-model-upgrader`, detail-type
 * `Base Model Updated`, default event bus). The watcher puts it for each new release-notes entry
 * that requires an upgrade; an operator may put one by hand for notes the parser does not read:
 *
 * ```json
 * {
 *   "entryId": "fr-ca-telephony-2023-05",
 *   "source": "manual",
 *   "entry": { "date": "2023-05-15", "baseModels": ["fr-CA_Telephony"] },
 *   "instanceIds": ["cloud-us-south"]
 * }
 * ```
 *
 * `entryId` names the fleet run (`release-<entryId>`), so sending the same event again is a
 * no-op. `entry` is a parsed release-notes entry; by hand only `date` and `baseModels` are needed.
 */
export const baseModelUpdatedDetailSchema = z.strictObject({
  entryId: entryIdSchema,
  /** The release-notes URL the entry was read from, or any short text (e.g. `manual`). */
  source: z.string().min(1).max(2048),
  /** The product the notes are for, when the watcher read them. */
  channel: releaseChannelSchema.optional(),
  entry: z.strictObject({
    date: z.iso.date('must be a date YYYY-MM-DD'),
    baseModels: z.array(z.string().min(1).max(100)).min(1, 'must name at least one base model'),
    title: releaseEntrySchema.shape.title.optional(),
    release: releaseEntrySchema.shape.release.optional(),
    /** Only entries that require `upgrade_model` start a fleet run. */
    upgradeRequired: z.literal(true, 'must be true: only upgrade_model updates start a fleet run').optional(),
    customModelTypes: releaseEntrySchema.shape.customModelTypes.optional(),
  }),
  /** Limit the fleet run to these configured instances; all of them when absent. */
  instanceIds: z.array(instanceIdSchema).min(1).optional(),
});
export type BaseModelUpdatedDetail = z.infer<typeof baseModelUpdatedDetailSchema>;

/** The EventBridge envelope the on-release Lambda receives; fields it does not use pass through. */
export const baseModelUpdatedEventSchema = z.looseObject({
  source: z.literal(EVENT_SOURCE, `must be '${EVENT_SOURCE}'`),
  'detail-type': z.literal(BASE_MODEL_UPDATED, `must be '${BASE_MODEL_UPDATED}'`),
  detail: baseModelUpdatedDetailSchema,
});

/** What a run triggered by a release or the schedule is called; a repeated trigger reuses the name. */
export const releaseExecutionName = (entryId: string) => `release-${entryIdSchema.parse(entryId)}`;
export const scheduleExecutionName = (date: string) => `schedule-${date}`;

/** The fleet run an announced update asks for: the models on the named base models, behind their date. */
export function fleetInputForRelease(
  detail: BaseModelUpdatedDetail,
  options: { readonly dryRun: boolean },
): FleetInput {
  const baseModels = [...new Set(detail.entry.baseModels)];
  return fleetInputSchema.parse({
    trigger: { type: 'release', id: detail.entryId },
    baseModels,
    releaseDates: Object.fromEntries(baseModels.map((model) => [model, detail.entry.date])),
    ...(detail.instanceIds ? { instanceIds: detail.instanceIds } : {}),
    options: { dryRun: options.dryRun },
  });
}

/** The UTC calendar date of a scheduled time: the id of a scheduled scan. */
export function scheduleDate(scheduledTime: Date): string {
  return scheduledTime.toISOString().slice(0, 10);
}

/** The fleet run the schedule asks for: every configured instance, every model. */
export function fleetInputForSchedule(
  scheduledTime: Date,
  options: { readonly dryRun: boolean },
): FleetInput {
  return fleetInputSchema.parse({
    trigger: { type: 'schedule', id: scheduleDate(scheduledTime) },
    options: { dryRun: options.dryRun },
  });
}
