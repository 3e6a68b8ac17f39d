import { z } from 'zod';
import { type FleetInput, fleetInputSchema } from '#core/fleet/fleet-input.js';
import { customizationIdSchema, instanceIdSchema } from '#core/unit/unit-input.js';
import type { LocalFleetTarget } from '#local/local-fleet-run.js';
import { type ConnectionFlags, connectionFromFlags } from './connection-flags.js';

/**
 * The flags that choose what a fleet run on an instance considers, with the same names and meaning
 * for `npm start --service-url` and the operator CLI's `plan` and `upgrade`.
 */
export const fleetSelectionArgs = {
  'instance-id': { type: 'string' },
  'base-model': { type: 'string', multiple: true },
  model: { type: 'string', multiple: true },
  pairing: { type: 'string', multiple: true },
  'release-date': { type: 'string', multiple: true },
  target: { type: 'string', multiple: true },
  retrain: { type: 'boolean' },
  'no-strict': { type: 'boolean' },
} as const;

/** `KEY=VALUE` flags given repeatedly, as a record; a malformed one is reported under its flag. */
function assignments(shape: string, valueSchema: z.ZodType<string>) {
  return z
    .array(z.string())
    .default([])
    .transform((items, ctx) => {
      const record: Record<string, string> = {};
      for (const item of items) {
        const at = item.indexOf('=');
        const value = item.slice(at + 1);
        if (at < 1 || !valueSchema.safeParse(value).success) {
          ctx.addIssue({ code: 'custom', message: `'${item}' must be ${shape}` });
          return z.NEVER;
        }
        record[item.slice(0, at)] = value;
      }
      return record;
    });
}

/** `AM_ID=LM_ID` pairings; a bad one is reported as the user typed it, under `--pairing`. */
const pairingsSchema = z
  .array(z.string())
  .default([])
  .transform((items, ctx) =>
    items.map((item) => {
      const [acousticModelId = '', languageModelId, ...rest] = item.split('=');
      const notIds = [acousticModelId, languageModelId ?? ''].filter(
        (id) => !customizationIdSchema.safeParse(id).success,
      );
      if (languageModelId === undefined || rest.length > 0 || notIds.length > 0) {
        const why =
          languageModelId === undefined || rest.length > 0
            ? ''
            : `: ${notIds.map((id) => `'${id}'`).join(' and ')} ${notIds.length > 1 ? 'are' : 'is'} not a customization id`;
        ctx.addIssue({
          code: 'custom',
          message: `'${item}' must be AM_ID=LM_ID, the acoustic model's customization id, then its language model's${why}`,
        });
      }
      return { acousticModelId, languageModelId: languageModelId ?? '' };
    }),
  );

export const fleetSelectionSchema = z.object({
  'instance-id': instanceIdSchema.optional(),
  'base-model': z.array(z.string().min(1).max(100)).optional(),
  model: z.array(customizationIdSchema).optional(),
  pairing: pairingsSchema,
  'release-date': assignments('BASE=YYYY-MM-DD', z.iso.date()),
  target: assignments('BASE=vYYYY-MM-DD', fleetInputSchema.shape.targetVersions.unwrap().valueType),
  retrain: z.boolean().default(false),
  'no-strict': z.boolean().default(false),
});
export type FleetSelection = z.infer<typeof fleetSelectionSchema>;

export const fleetSelectionUsage = `  --instance-id ID                 name of the instance in history (default local)
  --base-model NAME                only models of this base model (repeatable)
  --model CUSTOMIZATION_ID         only these models (repeatable)
  --release-date BASE=YYYY-MM-DD   an announced release: models of BASE older than it are behind
  --target BASE=vYYYY-MM-DD        the version models of BASE should reach
  --pairing AM_ID=LM_ID            an acoustic model and the language model it was trained with
  --retrain                        upgrade language models of improved next-generation base models by retraining
  --no-strict                      with --retrain: train past invalid corpora, words or grammars (IBM's strict=false)`;

/** The fleet input the flags describe; instances and pairings come from the caller's configuration. */
export function fleetInputFromSelection(
  selection: FleetSelection,
  trigger: FleetInput['trigger'],
  dryRun: boolean,
  instanceIds?: string[],
): FleetInput {
  return fleetInputSchema.parse({
    trigger,
    ...(instanceIds ? { instanceIds } : {}),
    ...(selection['base-model']?.length ? { baseModels: selection['base-model'] } : {}),
    ...(selection.model?.length ? { customizationIds: selection.model } : {}),
    releaseDates: selection['release-date'],
    targetVersions: selection.target,
    options: {
      dryRun,
      ...(selection.retrain ? { retrainImprovedModels: true } : {}),
      ...(selection['no-strict'] ? { strictTraining: false } : {}),
    },
  });
}

/**
 * The instance the flags name for a fleet run on this machine (`local` unless `--instance-id`), with
 * its pairings; a missing credential is `InvalidInput` naming its flag.
 */
export function localFleetTarget(
  options: ConnectionFlags & FleetSelection & { readonly 'data-dir': string },
): LocalFleetTarget {
  return {
    dataDirectory: options['data-dir'],
    instance: {
      id: options['instance-id'] ?? 'local',
      connection: connectionFromFlags(options),
      pairings: options.pairing,
    },
  };
}
