import { describe, expect, it } from 'vitest';
import { cursorAfter } from '#core/fleet/page-cursor.js';
import { needsRetrain, unitModelIds } from '#core/fleet/unit-selection.js';
import { announcedReleaseDates, announcedRetrainDates } from '#core/release/announced-updates.js';

describe('announced updates', () => {
  const entries = [
    { date: '2026-03-04', baseModels: ['de-DE_Telephony'], upgradeRequired: 'retrain' },
    { date: '2026-06-01', baseModels: ['de-DE_Telephony'], upgradeRequired: 'retrain' },
    { date: '2026-05-01', baseModels: ['en-US_BroadbandModel'], upgradeRequired: true },
    { date: 'not a date', baseModels: ['fr-FR'], upgradeRequired: 'retrain' },
  ];

  it('takes the latest retrain announcement per base model, ignoring upgrade entries and malformed ones', () => {
    expect(announcedRetrainDates(entries)).toEqual({ 'de-DE_Telephony': '2026-06-01' });
    expect(announcedReleaseDates(entries)).toEqual({ 'en-US_BroadbandModel': '2026-05-01' });
  });

  it.each([
    ['a language model last trained before the announcement', 'language', '2026-05-31T10:00:00Z', true],
    ['a language model trained on the day', 'language', '2026-06-01T10:00:00Z', false],
    ['an acoustic model', 'acoustic', '2026-01-01T10:00:00Z', false],
  ] as const)('%s needs a retrain: %s', (_, kind, updated, needed) => {
    const retrainDates = announcedRetrainDates(entries);
    expect(needsRetrain({ kind, baseModelName: 'de-DE_Telephony', updated }, retrainDates)).toBe(needed);
  });
});

describe('fleet pages', () => {
  it("lists a unit's models language model first", () => {
    expect(
      unitModelIds({
        languageModelId: 'lm',
        acousticModels: [{ customizationId: 'am', trainedWithLanguageModel: true }],
      }),
    ).toEqual(['lm', 'am']);
  });

  it.each([
    [1, 3, { nextPage: 2, hasNextPage: true }],
    [3, 3, { nextPage: 4, hasNextPage: false }],
    [0, 0, { nextPage: 1, hasNextPage: false }],
  ])('after page %i of %i: %j', (page, pageCount, cursor) => {
    expect(cursorAfter('release-abc', page, pageCount)).toEqual({
      fleetRunId: 'release-abc',
      pageCount,
      ...cursor,
    });
  });
});
