import { describe, expect, it } from 'vitest';
import { type ReleaseEntry, releaseEntryId, releaseEntrySchema } from '#core/release/notes/index.js';

const entry: ReleaseEntry = {
  date: '2023-11-15',
  release: null,
  title: 'Defect fix: Update French Canadian next-generation telephony model (upgrade required)',
  baseModels: ['fr-CA_Telephony'],
  upgradeRequired: true,
  customModelTypes: ['language'],
};

describe('releaseEntryId', () => {
  it('is 16 hex characters and the same for the same entry', () => {
    expect(releaseEntryId(entry)).toMatch(/^[0-9a-f]{16}$/);
    expect(releaseEntryId({ ...entry })).toBe(releaseEntryId(entry));
  });

  it('ignores the order of base models and the fields that describe the requirement', () => {
    const two = { ...entry, baseModels: ['a-B_Telephony', 'fr-CA_Telephony'] };
    expect(releaseEntryId({ ...two, baseModels: ['fr-CA_Telephony', 'a-B_Telephony'] })).toBe(
      releaseEntryId(two),
    );
    const noUpgrade: ReleaseEntry = { ...entry, upgradeRequired: false, customModelTypes: [] };
    expect(releaseEntryId(noUpgrade)).toBe(releaseEntryId(entry));
  });

  it('changes with the date, the title or the base models', () => {
    const id = releaseEntryId(entry);
    expect(releaseEntryId({ ...entry, date: '2023-11-16' })).not.toBe(id);
    expect(releaseEntryId({ ...entry, title: `${entry.title}.` })).not.toBe(id);
    expect(releaseEntryId({ ...entry, baseModels: ['fr-FR_Telephony'] })).not.toBe(id);
  });
});

describe('releaseEntrySchema', () => {
  it('accepts a parsed entry, including an upgrade by retraining and a Cloud Pak release', () => {
    expect(releaseEntrySchema.parse(entry)).toEqual(entry);
    const retrain = { ...entry, release: 'Version 4.6.2', upgradeRequired: 'retrain' };
    expect(releaseEntrySchema.parse(retrain)).toEqual(retrain);
  });

  it.each([
    ['a date that is not ISO', { date: '15 November 2023' }],
    ['a release without "Version"', { release: '4.6.2' }],
    ['an unknown requirement', { upgradeRequired: 'maybe' }],
    ['an unknown custom model type', { customModelTypes: ['grammar'] }],
    ['an empty title', { title: '' }],
  ])('rejects %s', (_label, change) => {
    expect(releaseEntrySchema.safeParse({ ...entry, ...change }).success).toBe(false);
  });
});
