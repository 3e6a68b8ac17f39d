import { describe, expect, it } from 'vitest';
import { ErrorName, UpgraderError } from '#core/contract/errors.js';
import type { ReleaseEntry, ReleaseNotesDocument } from '#core/release/notes/index.js';
import { checkDocument, watchedEntries } from '#core/release/release-watch.js';

const now = new Date('2026-12-03T12:00:00Z');
const policy = { announceWithinDays: 30 };

function entry(overrides: Partial<ReleaseEntry> = {}): ReleaseEntry {
  return {
    date: '2026-12-01',
    release: null,
    title: 'Updates to US English models',
    baseModels: ['en-US_BroadbandModel'],
    upgradeRequired: true,
    customModelTypes: ['language'],
    ...overrides,
  };
}

function documentOf(entries: ReleaseEntry[], datedSections = entries.length): ReleaseNotesDocument {
  return { source: 'ibm-cloud', entries, datedSections, skippedHeadings: [] };
}

function refusal(run: () => void): UpgraderError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof UpgraderError) return error;
    throw error;
  }
  return undefined;
}

describe('checkDocument', () => {
  it('refuses a document with no dated section as ReleaseNotesUnreadable', () => {
    const error = refusal(() => checkDocument('ibm-cloud', documentOf([], 0), undefined, policy));
    expect(error?.name).toBe(ErrorName.ReleaseNotesUnreadable);
    expect(error?.message).toMatch(/no dated sections/);
  });

  it.each([
    ['first check of a source', undefined, 1, false],
    ['as many entries as last time', 4, 4, false],
    ['exactly half of last time', 4, 2, false],
    ['fewer than half of last time', 5, 2, true],
    ['a source that yielded none before', 0, 0, false],
  ])('%s: refused %s', (_, previous, count, refused) => {
    const entries = Array.from({ length: count }, (__, index) => entry({ title: `Update ${index}` }));
    const error = refusal(() => checkDocument('ibm-cloud', documentOf(entries, 1), previous, policy));
    expect(error !== undefined).toBe(refused);
    if (refused) expect(error?.message).toMatch(/fewer than 50%/);
  });

  it('takes its ratio from the policy', () => {
    const entries = [entry()];
    expect(
      refusal(() =>
        checkDocument('ibm-cloud', documentOf(entries), 4, { ...policy, minimumEntryRatio: 0.2 }),
      ),
    ).toBeUndefined();
  });
});

describe('watchedEntries', () => {
  it.each([
    ['a recent entry that requires upgrade_model', entry(), true],
    ['an entry older than the announcement window', entry({ date: '2026-10-01' }), false],
    ['an entry that says no upgrade is needed', entry({ upgradeRequired: false }), false],
    ['a retrain entry (planning uses it; it starts no run)', entry({ upgradeRequired: 'retrain' }), false],
    ['an entry that names no base model', entry({ baseModels: [] }), false],
  ])('%s: announceable %s', (_, watched, announceable) => {
    expect(watchedEntries([watched], now, policy)[0]?.announceable).toBe(announceable);
  });

  it('lists an entry repeated in the document once, in document order', () => {
    const first = entry({ title: 'First' });
    const second = entry({ title: 'Second' });
    const watched = watchedEntries([first, second, { ...first }], now, policy);
    expect(watched.map((item) => item.entry.title)).toEqual(['First', 'Second']);
    expect(new Set(watched.map((item) => item.entryId)).size).toBe(2);
  });
});
