import { z } from 'zod';
import { releaseNotesSourceSchema } from '#core/release/release-event.js';

/**
 * EventBridge Scheduler expressions: `rate(<n> minute|minutes|hour|hours|day|days)` or a six-field
 * `cron(minutes hours day-of-month month day-of-week year)`. One-time `at(...)` makes no sense for
 * a recurring trigger and is refused.
 */
const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/;

const MINUTES_PER_UNIT: Record<string, number> = {
  minute: 1,
  minutes: 1,
  hour: 60,
  hours: 60,
  day: 1440,
  days: 1440,
};

/** Minutes between two runs of a `rate()` expression; undefined for `cron()`. */
export function rateMinutes(expression: string): number | undefined {
  const match = RATE.exec(expression);
  if (!match) return undefined;
  return Number(match[1]) * (MINUTES_PER_UNIT[match[2] as string] ?? 0);
}

const scheduleExpression = z
  .string()
  .trim()
  .refine(
    (text) => RATE.test(text) || CRON.test(text),
    'must be a Scheduler expression: rate(<n> minutes|hours|days) or cron(<6 fields>)',
  )
  .refine((text) => rateMinutes(text) !== 0, 'must have a rate of at least 1');

export const DEFAULT_SCAN_SCHEDULE = 'cron(0 3 * * ? *)';
export const DEFAULT_RELEASE_NOTES_WATCH_SCHEDULE = 'rate(6 hours)';

export const schedulesSchema = z.strictObject({
  /**
   * When to scan every configured instance (UTC). The scan's fleet run is named after the UTC
   * date of its scheduled time, so at most one scheduled scan a day runs; more frequent rates are refused.
   */
  scan: scheduleExpression
    .refine((text) => (rateMinutes(text) ?? 1440) >= 1440, 'must not run more than once a day')
    .default(DEFAULT_SCAN_SCHEDULE),
  /** When to fetch the release notes (UTC). */
  releaseNotesWatch: scheduleExpression.default(DEFAULT_RELEASE_NOTES_WATCH_SCHEDULE),
});
export type SchedulesConfig = z.infer<typeof schedulesSchema>;

/** IBM's release notes for IBM Cloud, as Markdown from the documentation repository's default branch. */
export const IBM_CLOUD_RELEASE_NOTES_URL =
  'https://raw.githubusercontent.com/ibm-cloud-docs/speech-to-text/HEAD/release-notes.md';

export const releaseNotesSchema = z.strictObject({
  sources: z
    .array(releaseNotesSourceSchema)
    .min(1, 'configure at least one source, or leave releaseNotes out for the default')
    .refine(
      (sources) => new Set(sources.map((source) => source.url)).size === sources.length,
      'lists the same url twice',
    )
    .default([{ url: IBM_CLOUD_RELEASE_NOTES_URL, channel: 'cloud' }]),
  /**
   * Entries dated more than this many days before a check are stored but not announced, so the
   * first check of a source with years of history starts no fleet runs for long-past updates.
   */
  announceWithinDays: z.number().int().min(1).max(3650).default(30),
});
export type ReleaseNotesConfig = z.infer<typeof releaseNotesSchema>;

/** What the triggers run with when the deploy configuration leaves a part out. */
export function resolveTriggerConfig(config: {
  readonly schedules?: SchedulesConfig | undefined;
  readonly releaseNotes?: ReleaseNotesConfig | undefined;
  readonly triggeredRunsDryRun?: boolean | undefined;
}): { schedules: SchedulesConfig; releaseNotes: ReleaseNotesConfig; dryRun: boolean } {
  return {
    schedules: config.schedules ?? schedulesSchema.parse({}),
    releaseNotes: config.releaseNotes ?? releaseNotesSchema.parse({}),
    dryRun: config.triggeredRunsDryRun ?? false,
  };
}
