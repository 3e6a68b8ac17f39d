import { describe, expect, it } from 'vitest';
import { announcedReleaseDates, mergeReleaseDates } from '#core/release/announced-updates.js';

const entry = (date: string, baseModels: string[], upgradeRequired: boolean | 'retrain' | null) => ({
  date,
  release: null,
  title: 't',
  baseModels,
  upgradeRequired,
  customModelTypes: [],
});

describe('announcedReleaseDates', () => {
  it('keeps the latest date per base model among entries that require upgrade_model', () => {
    expect(
      announcedReleaseDates([
        entry('2020-01-16', ['en-US_BroadbandModel', 'en-US_NarrowbandModel'], true),
        entry('2021-03-01', ['en-US_BroadbandModel'], true),
        entry('2022-05-05', ['en-US_NarrowbandModel'], false),
        entry('2023-06-06', ['en-US_Telephony'], 'retrain'),
        entry('2024-07-07', ['fr-CA_Telephony'], null),
      ]),
    ).toEqual({ 'en-US_BroadbandModel': '2021-03-01', 'en-US_NarrowbandModel': '2020-01-16' });
  });

  it('ignores stored entries that are not release entries', () => {
    expect(announcedReleaseDates([{ nonsense: true }, 'text', null])).toEqual({});
  });
});

describe('mergeReleaseDates', () => {
  it('takes the later date of each base model', () => {
    expect(mergeReleaseDates({ a: '2020-01-01', b: '2022-01-01' }, { a: '2021-01-01' })).toEqual({
      a: '2021-01-01',
      b: '2022-01-01',
    });
  });
});
