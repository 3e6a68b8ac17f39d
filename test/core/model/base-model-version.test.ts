import { describe, expect, it } from 'vitest';
import {
  compareVersionSuffixes,
  hasVersion,
  isBehind,
  newestVersion,
  parseBaseModelVersion,
} from '#core/model/base-model-version.js';

const broadband = 'en-US_BroadbandModel';

describe('parseBaseModelVersion', () => {
  it('reads the release date of a dated suffix', () => {
    expect(parseBaseModelVersion('en-US_BroadbandModel.v2020-01-16', broadband)).toEqual({
      recognised: true,
      entry: 'en-US_BroadbandModel.v2020-01-16',
      baseModelName: broadband,
      suffix: 'v2020-01-16',
      releaseDate: '2020-01-16',
    });
    const telephony = parseBaseModelVersion('en-US_Telephony.v2021-10-04', 'en-US_Telephony');
    expect(telephony).toMatchObject({ recognised: true, suffix: 'v2021-10-04', releaseDate: '2021-10-04' });
  });

  it('keeps an old-style suffix opaque', () => {
    const parsed = parseBaseModelVersion('en-US_BroadbandModel.v07-06082016.06202016', broadband);
    expect(parsed).toMatchObject({ recognised: true, suffix: 'v07-06082016.06202016', releaseDate: null });
  });

  it('does not take an impossible calendar date for a release date', () => {
    expect(parseBaseModelVersion(`${broadband}.v2021-02-29`, broadband)).toMatchObject({ releaseDate: null });
    expect(parseBaseModelVersion(`${broadband}.v2020-13-01`, broadband)).toMatchObject({ releaseDate: null });
    expect(parseBaseModelVersion(`${broadband}.v2024-02-29`, broadband)).toMatchObject({
      releaseDate: '2024-02-29',
    });
  });

  it('says unrecognised, without throwing, for another base model or a malformed entry', () => {
    expect(parseBaseModelVersion('en-US_NarrowbandModel.v2020-01-16', broadband)).toEqual({
      recognised: false,
      entry: 'en-US_NarrowbandModel.v2020-01-16',
      reason: 'other-base-model',
    });
    // A longer base model name that merely starts with the same text is another model.
    expect(parseBaseModelVersion('en-US_BroadbandModelX.v2020-01-16', broadband)).toMatchObject({
      recognised: false,
      reason: 'other-base-model',
    });
    expect(parseBaseModelVersion('v2020-01-16', broadband)).toMatchObject({
      recognised: false,
      reason: 'no-base-model-prefix',
    });
    expect(parseBaseModelVersion(`${broadband}.`, broadband)).toMatchObject({
      recognised: false,
      reason: 'empty-suffix',
    });
  });
});

describe('newestVersion', () => {
  it('finds the newest dated version whatever the order of the array', () => {
    const entries = [`${broadband}.v2018-07-31`, `${broadband}.v2020-01-16`, `${broadband}.v2019-03-02`];
    for (const versions of [entries, [...entries].reverse()]) {
      expect(newestVersion(versions, broadband).newest?.suffix).toBe('v2020-01-16');
    }
  });

  it('lists opaque and unrecognised entries apart instead of ordering them', () => {
    const result = newestVersion(
      [`${broadband}.v07-06082016.06202016`, 'en-GB_BroadbandModel.v2025-01-01', `${broadband}.v2018-07-31`],
      broadband,
    );
    expect(result.newest?.suffix).toBe('v2018-07-31');
    expect(result.undated.map((v) => v.suffix)).toEqual(['v07-06082016.06202016']);
    expect(result.unrecognised).toEqual([
      { entry: 'en-GB_BroadbandModel.v2025-01-01', reason: 'other-base-model' },
    ]);
  });

  it('has no newest version when every entry is opaque', () => {
    expect(newestVersion([`${broadband}.v07-06082016.06202016`], broadband).newest).toBeNull();
  });
});

describe('hasVersion', () => {
  const versions = [`${broadband}.v2018-07-31`, `${broadband}.v2020-01-16`];

  it('is true only for a version of the same base model', () => {
    expect(hasVersion(versions, broadband, 'v2020-01-16')).toBe(true);
    expect(hasVersion(versions, broadband, 'v2021-01-16')).toBe(false);
    expect(hasVersion(versions, 'en-US_NarrowbandModel', 'v2020-01-16')).toBe(false);
  });
});

describe('compareVersionSuffixes', () => {
  it('orders dated suffixes by release date', () => {
    expect(compareVersionSuffixes('v2020-01-16', 'v2026-11-24')).toBe(-1);
    expect(compareVersionSuffixes('v2026-11-24', 'v2020-01-16')).toBe(1);
    expect(compareVersionSuffixes('v2026-11-24', 'v2026-11-24')).toBe(0);
    expect(
      ['v2026-11-24', 'v2019-12-31', 'v2020-01-16'].sort((a, b) => compareVersionSuffixes(a, b) ?? 0),
    ).toEqual(['v2019-12-31', 'v2020-01-16', 'v2026-11-24']);
  });

  it('refuses to order an opaque suffix', () => {
    expect(compareVersionSuffixes('v07-06082016.06202016', 'v2020-01-16')).toBeNull();
    expect(compareVersionSuffixes('v2020-01-16', 'latest')).toBeNull();
  });
});

describe('isBehind', () => {
  const model = (versions: string[]) => ({ baseModelName: broadband, versions });

  it('is behind when the newest dated version is older than the target', () => {
    expect(isBehind(model([`${broadband}.v2018-07-31`]), { suffix: 'v2020-01-16' })).toBe('behind');
  });

  it('is current when the model lists the target or something newer', () => {
    const upgraded = model([`${broadband}.v2020-01-16`, `${broadband}.v2018-07-31`]);
    expect(isBehind(upgraded, { suffix: 'v2020-01-16' })).toBe('current');
    expect(isBehind(upgraded, { suffix: 'v2019-05-01' })).toBe('current');
  });

  it('is current for an opaque target the model already lists', () => {
    const old = model([`${broadband}.v07-06082016.06202016`]);
    expect(isBehind(old, { suffix: 'v07-06082016.06202016' })).toBe('current');
  });

  it('is unknown when nothing the model lists can be ordered against the target', () => {
    expect(isBehind(model([`${broadband}.v07-06082016.06202016`]), { suffix: 'v2020-01-16' })).toBe(
      'unknown',
    );
    expect(isBehind(model([`${broadband}.v2020-01-16`]), { suffix: 'v07-06082016.06202016' })).toBe(
      'unknown',
    );
    expect(isBehind(model(['en-GB_BroadbandModel.v2018-07-31']), { suffix: 'v2020-01-16' })).toBe('unknown');
    expect(isBehind(model([]), { suffix: 'v2020-01-16' })).toBe('unknown');
  });

  it('decides on the dated versions when opaque ones are listed too', () => {
    const mixed = model([`${broadband}.v07-06082016.06202016`, `${broadband}.v2018-07-31`]);
    expect(isBehind(mixed, { suffix: 'v2020-01-16' })).toBe('behind');
  });
});
