import { z } from 'zod';

/** The part of a stored release entry that says which base models were updated, and when. */
const announcementSchema = z.looseObject({
  date: z.iso.date(),
  baseModels: z.array(z.string()),
  upgradeRequired: z.union([z.boolean(), z.literal('retrain'), z.null()]),
});

/**
 * The latest announced update per base model among stored release entries that require
 * `upgrade_model`. A model whose newest dated version is older than its base model's date is behind:
 * this is how a scheduled scan knows about a release it did not itself receive.
 */
export function announcedReleaseDates(entries: readonly unknown[]): Record<string, string> {
  return latestDates(entries, true);
}

/**
 * The latest announced update per improved next-generation base model whose custom models IBM
 * upgrades when they are retrained: a language model last trained before that date is behind.
 */
export function announcedRetrainDates(entries: readonly unknown[]): Record<string, string> {
  return latestDates(entries, 'retrain');
}

function latestDates(entries: readonly unknown[], upgradeRequired: true | 'retrain'): Record<string, string> {
  const dates: Record<string, string> = {};
  for (const raw of entries) {
    const entry = announcementSchema.safeParse(raw);
    if (!entry.success || entry.data.upgradeRequired !== upgradeRequired) continue;
    for (const base of entry.data.baseModels) {
      const known = dates[base];
      if (!known || known < entry.data.date) dates[base] = entry.data.date;
    }
  }
  return dates;
}

/** Input dates and stored ones together; the later date of a base model wins. */
export function mergeReleaseDates(...sources: readonly Record<string, string>[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const dates of sources) {
    for (const [base, date] of Object.entries(dates)) {
      const known = merged[base];
      if (!known || known < date) merged[base] = date;
    }
  }
  return merged;
}
