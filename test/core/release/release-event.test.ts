import { describe, expect, it } from 'vitest';
import {
  baseModelUpdatedDetailSchema,
  fleetInputForRelease,
  fleetInputForSchedule,
  releaseExecutionName,
  scheduleDate,
  scheduleExecutionName,
} from '#core/release/release-event.js';

describe('release and schedule triggers', () => {
  it('turns an announced update into a fleet run over its base models, each behind the entry date', () => {
    const detail = baseModelUpdatedDetailSchema.parse({
      entryId: 'fr-ca-2023-05',
      source: 'manual',
      entry: { date: '2023-05-15', baseModels: ['fr-CA_Telephony', 'fr-CA_Telephony', 'fr-CA_Multimedia'] },
      instanceIds: ['cloud-1'],
    });
    expect(fleetInputForRelease(detail, { dryRun: false })).toMatchObject({
      trigger: { type: 'release', id: 'fr-ca-2023-05' },
      baseModels: ['fr-CA_Telephony', 'fr-CA_Multimedia'],
      releaseDates: { 'fr-CA_Telephony': '2023-05-15', 'fr-CA_Multimedia': '2023-05-15' },
      instanceIds: ['cloud-1'],
      options: { dryRun: false },
    });
  });

  it('refuses a hand-made event that asks for no upgrade, naming the field', () => {
    const parsed = baseModelUpdatedDetailSchema.safeParse({
      entryId: 'x',
      source: 'manual',
      entry: { date: '2023-05-15', baseModels: ['fr-CA_Telephony'], upgradeRequired: false },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['entry', 'upgradeRequired']);
  });

  it('names a scheduled scan by the UTC date it was due', () => {
    const due = new Date('2026-12-03T23:30:00-05:00');
    expect(scheduleDate(due)).toBe('2026-12-04');
    expect(scheduleExecutionName(scheduleDate(due))).toBe('schedule-2026-12-04');
    expect(fleetInputForSchedule(due, { dryRun: true })).toMatchObject({
      trigger: { type: 'schedule', id: '2026-12-04' },
      options: { dryRun: true },
    });
  });

  it('names a release run after its entry, and refuses an id Step Functions would not take', () => {
    expect(releaseExecutionName('ca4315424bac6395')).toBe('release-ca4315424bac6395');
    expect(() => releaseExecutionName('has spaces')).toThrow(/letters, digits/);
  });
});
