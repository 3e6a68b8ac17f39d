import { describe, expect, it } from 'vitest';
import { ErrorName, UpgraderError } from '#core/contract/errors.js';
import type { ReleaseEntry } from '#core/release/notes/index.js';
import type { WatchedEntry } from '#core/release/release-watch.js';
import {
  entriesToAnnounce,
  readReleaseNotes,
  sortWatchedEntries,
  sourcesFailure,
} from '#core/release/source-check.js';

const source = {
  url: 'https://cloud.ibm.com/docs/speech-to-text?topic=release-notes',
  channel: 'cloud' as const,
};

function watched(entryId: string, announceable: boolean): WatchedEntry {
  const entry: ReleaseEntry = {
    date: '2026-12-01',
    release: null,
    title: `Update ${entryId}`,
    baseModels: ['en-US_BroadbandModel'],
    upgradeRequired: true,
    customModelTypes: ['language'],
  };
  return { entryId, entry, announceable };
}

describe('readReleaseNotes', () => {
  it('reads a document of dated sections', () => {
    const document = readReleaseNotes(source.url, '# Release notes\n\n## 1 December 2026\n\nNothing new.\n');
    expect(document.datedSections).toBe(1);
  });
});

describe('sortWatchedEntries', () => {
  it('stores what can never start a run quietly and keeps the rest as candidates, in order', () => {
    const { quiet, candidates } = sortWatchedEntries([
      watched('a', false),
      watched('b', true),
      watched('c', false),
      watched('d', true),
    ]);
    expect(quiet.map((w) => w.entryId)).toEqual(['a', 'c']);
    expect(candidates.map((w) => w.entryId)).toEqual(['b', 'd']);
  });
});

describe('entriesToAnnounce', () => {
  it.each([
    { stored: [], announced: ['b', 'd'] },
    { stored: ['b'], announced: ['d'] },
    { stored: ['b', 'd'], announced: [] },
  ])('with $stored already stored, announces $announced', ({ stored, announced }) => {
    const result = entriesToAnnounce(source, [watched('b', true), watched('d', true)], new Set(stored));
    expect(result.entries.map((w) => w.entryId)).toEqual(announced);
    expect(result.details.map((d) => d.entryId)).toEqual(announced);
  });

  it("names the source and its channel in each event's detail", () => {
    const [detail] = entriesToAnnounce(source, [watched('b', true)], new Set()).details;
    expect(detail).toMatchObject({ entryId: 'b', source: source.url, channel: 'cloud' });
  });
});

describe('sourcesFailure', () => {
  const unavailable = new UpgraderError(ErrorName.ReleaseNotesUnavailable, 'cloud: 503');
  const unreadable = new UpgraderError(ErrorName.ReleaseNotesUnreadable, 'cp4d: no dated sections');

  it('is nothing when every source was read', () => {
    expect(sourcesFailure([], 2)).toBeUndefined();
  });

  it('is the one failure as it was', () => {
    expect(sourcesFailure([{ source: 'cloud', error: unavailable }], 2)).toBe(unavailable);
  });

  it.each([
    { first: unavailable, name: ErrorName.ReleaseNotesUnavailable, type: UpgraderError },
    { first: new TypeError('bug'), name: 'Error', type: Error },
  ])('names several after the first ($name) and lists each', ({ first, name, type }) => {
    const error = sourcesFailure(
      [
        { source: 'cloud', error: first },
        { source: 'cp4d', error: unreadable },
      ],
      3,
    );
    expect(error).toBeInstanceOf(type);
    expect((error as Error).name).toBe(name);
    expect((error as Error).message).toBe(
      `2 of 3 release-notes sources failed: ${first.message} | cp4d: no dated sections`,
    );
    expect((error as Error).cause).toBe(first);
  });
});
