import { describe, expect, it } from 'vitest';
import { parseSectionHeading, releaseFromText } from '#core/release/notes/section-heading.js';

describe('parseSectionHeading', () => {
  it.each([
    ['14 December 2017', { date: '2017-12-14', release: null }],
    ['2 October 2017', { date: '2017-10-02', release: null }],
    ['30 November 2022 (Version 4.6.0)', { date: '2022-11-30', release: 'Version 4.6.0' }],
    ['Version 4.6.2 (12 December 2022)', { date: '2022-12-12', release: 'Version 4.6.2' }],
    ['4.0.6 (1 March 2022)', { date: '2022-03-01', release: 'Version 4.0.6' }],
    ['December 2, 2020', { date: '2020-12-02', release: null }],
    ['11 June 2025 (Version 5.2.0)', { date: '2025-06-11', release: 'Version 5.2.0' }],
    ['29 Feb 2024', { date: '2024-02-29', release: null }],
  ])('reads "%s"', (heading, expected) => {
    expect(parseSectionHeading(heading)).toEqual(expected);
  });

  it.each([
    'Older releases',
    'June 2025',
    '31 February 2021',
    '29 February 2023',
    '3 March 2021 and 4 March 2021',
    '4.5.x releases',
    '',
  ])('does not guess a date for "%s"', (heading) => {
    expect(parseSectionHeading(heading)).toBeNull();
  });
});

describe('releaseFromText', () => {
  it.each([
    'Version 4.6.3 is now available.',
    '{{site.data.keyword.speechtotextdatashort}} for {{site.data.keyword.icp4dfull_notm}} version 4.6.3 is now available',
    'Fixes first. Speech services for IBM Software Hub version 4.6.3 is now available.',
    'Speech to Text version 4.6.3 is now available. It includes fixes.',
  ])('reads the announced release in "%s"', (text) => {
    expect(releaseFromText(text)).toBe('Version 4.6.3');
  });

  it.each([
    'You can upgrade from version 4.5.x to version 4.6.0.',
    'The Watson Node SDK version 5.0 is now available.',
    'Release 1. The Speech to Text API version 2.1 is now available for testing.',
  ])('ignores versions that are not an announced product release: "%s"', (text) => {
    expect(releaseFromText(text)).toBeNull();
  });
});
