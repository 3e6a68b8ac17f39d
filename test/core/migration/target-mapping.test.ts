import { describe, expect, it } from 'vitest';
import { lsmTargetFor, needsMigration } from '#core/migration/target-mapping.js';

describe('the large speech model a custom model moves to', () => {
  it.each([
    ['en-US_NarrowbandModel', true],
    ['de-DE_Telephony', true],
    ['en-US', false],
  ])('%s needs migration: %s', (base, needed) => {
    expect(needsMigration(base)).toBe(needed);
  });

  it.each<{ base: string; overrides: Record<string, string>; lookup: object }>([
    {
      base: 'en-US_NarrowbandModel',
      overrides: {},
      lookup: { ok: true, target: 'en-US', basis: 'same-locale' },
    },
    {
      base: 'en-US_Telephony',
      overrides: { 'en-US_Telephony': 'en-GB' },
      lookup: { ok: true, target: 'en-GB', basis: 'override' },
    },
    {
      base: 'en-US',
      overrides: {},
      lookup: { ok: false, reason: 'en-US is not a previous- or next-generation model' },
    },
    {
      base: 'zh-CN_Telephony',
      overrides: {},
      lookup: {
        ok: false,
        reason: 'IBM has no large speech model for zh-CN; name one in migration.targets to migrate it',
      },
    },
  ])('$base goes to $lookup', ({ base, overrides, lookup }) => {
    expect(lsmTargetFor(base, overrides)).toEqual(lookup);
  });

  it('warns where IBM documents no customization of the target', () => {
    expect(lsmTargetFor('nl-NL_Telephony', {})).toMatchObject({
      ok: true,
      target: 'nl-NL',
      caveat: expect.stringContaining('nl-NL'),
    });
  });
});
