import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReleaseNotesDocument } from '#core/release/notes/index.js';

// Two of IBM's release-notes pages as published, kept whole.
const REAL = join(process.cwd(), 'test', 'fixtures', 'published-release-notes');

function read(name: string): string {
  return readFileSync(join(REAL, name), 'utf8');
}

describe('IBM release notes as published', () => {
  it('IBM Cloud notes of December 2017: the first upgrade-required update and a ja-JP update that needs nothing', () => {
    const document = parseReleaseNotesDocument(read('ibm-cloud-2017-12-15.md'));
    expect(document.datedSections).toBe(16);
    expect(document.skippedHeadings).toEqual(['Older releases']);
    expect(document.entries).toEqual([
      {
        date: '2017-12-14',
        release: null,
        title: expect.stringMatching(
          /^The US English models, en-US_BroadbandModel and en-US_NarrowbandModel/,
        ),
        baseModels: ['en-US_BroadbandModel', 'en-US_NarrowbandModel'],
        upgradeRequired: true,
        customModelTypes: ['language', 'acoustic'],
      },
      {
        date: '2017-10-02',
        release: null,
        title:
          'The ja-JP_BroadbandModel language model was upgraded to capture improvements in the base model',
        baseModels: ['ja-JP_BroadbandModel'],
        upgradeRequired: false,
        customModelTypes: [],
      },
    ]);
  });

  it('Software Hub notes of March 2026: nine dated releases, none announcing a base-model update', () => {
    const document = parseReleaseNotesDocument(read('ibm-software-hub-2026-03.md'));
    expect(document.datedSections).toBe(9);
    expect(document.entries).toEqual([]);
  });
});
