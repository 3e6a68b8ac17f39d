import { createHash } from 'node:crypto';
import { z } from 'zod';

/** One release-notes entry that announces an update to existing base models. */
export const releaseEntrySchema = z.object({
  /** Date of the release-notes section, `YYYY-MM-DD`. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Product release of the section (Cloud Pak for Data, Software Hub), e.g. `Version 4.6.2`; null on IBM Cloud. */
  release: z
    .string()
    .regex(/^Version \d+(?:\.(?:\d+|x))*$/)
    .nullable(),
  title: z.string().min(1),
  /** Base model names, as written or mapped from prose (e.g. `pt-BR_BroadbandModel`, `fr-CA_Telephony`). */
  baseModels: z.array(z.string().min(1)),
  /**
   * true: upgrade with `upgrade_model`; false: the entry says no upgrade is needed;
   * 'retrain': upgrade by retraining (improved next-generation customization); null: not said.
   */
  upgradeRequired: z.union([z.boolean(), z.literal('retrain')]).nullable(),
  /** Custom model types the entry says must be upgraded; empty when none. */
  customModelTypes: z.array(z.enum(['language', 'acoustic'])),
});

export type ReleaseEntry = z.infer<typeof releaseEntrySchema>;
export type CustomModelType = ReleaseEntry['customModelTypes'][number];
export type UpgradeRequirement = ReleaseEntry['upgradeRequired'];

/**
 * Deterministic 16-hex id of an entry, stable across fetches of the same notes: the watcher
 * stores each entry once under it and names fleet runs after it. Model order does not matter.
 */
export function releaseEntryId(entry: Pick<ReleaseEntry, 'date' | 'title' | 'baseModels'>): string {
  const key = JSON.stringify([entry.date, entry.title.trim(), [...entry.baseModels].sort()]);
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 16);
}
