import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EventBridgePublisher, EventPublishError } from '#adapters/event-publisher.js';
import { releaseNotesReader } from '#adapters/release-notes-source.js';
import { ErrorName } from '#core/contract/errors.js';
import { type ReleaseEntry, releaseEntryId } from '#core/release/notes/index.js';
import { BASE_MODEL_UPDATED, EVENT_SOURCE, type ReleaseNotesSource } from '#core/release/release-event.js';
import type { WatcherDeps } from '#handlers/runtime/trigger-deps.js';
import { watchReleaseNotes } from '#handlers/watch-release-notes.js';
import { type HistoryFixture, startHistoryFixture } from '#test/adapters/history-store/history-fixture.js';
import { type AwsStandIn, type NotesServer, startAwsStandIn, startNotesServer } from './stand-ins.js';

const FIXTURES = path.join(process.cwd(), 'test', 'fixtures', 'release-notes');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
/** Two of IBM's release-notes pages as published, kept whole. */
const published = (name: string) =>
  readFileSync(path.join(process.cwd(), 'test', 'fixtures', 'published-release-notes', name), 'utf8');

/** The 2020 IBM Cloud notes without their newest section (2 December 2020): what a check saw before it appeared. */
const full2020 = fixture('cloud-2020-definitions.md');
const before2020December = full2020.replace(/## 2 December 2020[\s\S]*?(?=## 22 October 2020)/, '');

let history: HistoryFixture;
let aws: AwsStandIn;
let notes: NotesServer;
let publisher: EventBridgePublisher;
let now = new Date('2020-12-03T06:00:00Z');
let logs: { message: string; fields: Record<string, unknown> }[] = [];
let sourceCounter = 0;

beforeAll(async () => {
  [history, aws, notes] = await Promise.all([startHistoryFixture(), startAwsStandIn(), startNotesServer()]);
  publisher = new EventBridgePublisher({ endpoint: aws.endpoint, eventBusName: 'upgrader-bus' });
});
afterAll(async () => {
  publisher.destroy();
  await Promise.all([history.stop(), aws.stop(), notes.stop()]);
});
beforeEach(() => {
  aws.requests.length = 0;
  logs = [];
});

/** A source of its own per test, so stored entries and counts do not leak between tests. */
function newSource(channel: ReleaseNotesSource['channel'] = 'cloud'): ReleaseNotesSource & { path: string } {
  const sourcePath = `/notes-${++sourceCounter}.md`;
  return { url: `${notes.url}${sourcePath}`, channel, path: sourcePath };
}

function watcher(sources: readonly ReleaseNotesSource[], options: { timeoutMs?: number } = {}) {
  const deps: WatcherDeps = {
    sources,
    readNotes: releaseNotesReader({ timeoutMs: options.timeoutMs ?? 5_000 }),
    history: history.store,
    publisher,
    clock: { now: () => now },
    announceWithinDays: 30,
    log: (message, fields) => logs.push({ message, fields }),
  };
  return watchReleaseNotes(deps);
}

describe('release-notes watcher', () => {
  it('stores every entry once, announces only new upgrade-required entries within 30 days, once', async () => {
    const source = newSource();
    notes.answer(source.path, { body: before2020December });
    now = new Date('2020-12-03T06:00:00Z');
    const watch = watcher([source]);

    // First check: three entries, two requiring an upgrade but months old: stored, not announced.
    expect(await watch({})).toEqual({
      checks: [{ source: source.url, channel: 'cloud', entries: 3, newEntries: 3, announced: [] }],
    });
    expect(aws.putEvents()).toEqual([]);
    expect(await history.store.getReleaseSource(source.url)).toMatchObject({ entryCount: 3 });

    // IBM adds the 2 December section: one new entry, requiring an upgrade, announced once.
    notes.answer(source.path, { body: full2020 });
    const december: ReleaseEntry = {
      date: '2020-12-02',
      release: null,
      title: 'Updates to multiple models',
      baseModels: ['en-AU_BroadbandModel', 'fr-FR_BroadbandModel', 'de-DE_NarrowbandModel'],
      upgradeRequired: true,
      customModelTypes: ['language', 'acoustic'],
    };
    const entryId = releaseEntryId(december);
    const second = await watch({});
    expect(second).toEqual({
      checks: [{ source: source.url, channel: 'cloud', entries: 4, newEntries: 1, announced: [entryId] }],
    });
    expect(aws.putEvents()).toEqual([
      {
        source: EVENT_SOURCE,
        detailType: BASE_MODEL_UPDATED,
        eventBusName: 'upgrader-bus',
        detail: { entryId, source: source.url, channel: 'cloud', entry: december },
      },
    ]);
    expect(await history.store.getReleaseEntry(source.url, entryId)).toMatchObject({
      entryId,
      firstSeenAt: now.toISOString(),
      entry: december,
    });

    // Third check of the same notes: nothing new, no event.
    aws.requests.length = 0;
    expect(await watch({})).toEqual({
      checks: [{ source: source.url, channel: 'cloud', entries: 4, newEntries: 0, announced: [] }],
    });
    expect(aws.requests).toEqual([]);
  });

  it('announces an entry again at the next check when putting its event failed, and stores it only then', async () => {
    const source = newSource();
    notes.answer(source.path, { body: full2020 });
    now = new Date('2020-12-03T06:00:00Z');
    const watch = watcher([source]);
    aws.failNextPutEvents(1);
    await expect(watch({})).rejects.toThrow(EventPublishError);
    expect(aws.putEvents()).toHaveLength(1);

    aws.requests.length = 0;
    const retried = (await watch({})) as { checks: { announced: string[]; newEntries: number }[] };
    expect(retried.checks[0]?.announced).toHaveLength(1);
    expect(aws.putEvents()).toHaveLength(1);
  });

  it('fails with ReleaseNotesUnavailable on a 404, naming the URL and the status', async () => {
    const source = newSource();
    const watch = watcher([source]);
    await expect(watch({})).rejects.toMatchObject({
      name: ErrorName.ReleaseNotesUnavailable,
      message: expect.stringMatching(new RegExp(`${source.url.replaceAll('.', '\\.')}.*HTTP 404`)),
    });
    expect(logs).toEqual([
      {
        message: 'release notes check failed',
        fields: expect.objectContaining({ source: source.url, errorName: 'ReleaseNotesUnavailable' }),
      },
    ]);
  });

  it('fails with ReleaseNotesUnavailable when the server never answers within the fetch timeout', async () => {
    const source = newSource();
    notes.answer(source.path, 'hang');
    const watch = watcher([source], { timeoutMs: 100 });
    await expect(watch({})).rejects.toMatchObject({
      name: ErrorName.ReleaseNotesUnavailable,
      message: expect.stringContaining('no answer within 100 ms'),
    });
  });

  it('fails with ReleaseNotesUnreadable for an HTML page, and for text without dated sections', async () => {
    const html = newSource();
    notes.answer(html.path, {
      body: '<!DOCTYPE html><html><head><title>Sign in</title></head><body>Please sign in</body></html>',
      contentType: 'text/html; charset=utf-8',
    });
    await expect(watcher([html])({})).rejects.toMatchObject({
      name: ErrorName.ReleaseNotesUnreadable,
      message: expect.stringContaining('is an HTML page'),
    });

    const prose = newSource();
    notes.answer(prose.path, { body: '# Speech to Text\n\nThis page moved. See the new documentation.\n' });
    await expect(watcher([prose])({})).rejects.toMatchObject({
      name: ErrorName.ReleaseNotesUnreadable,
      message: expect.stringContaining('no dated sections'),
    });
    expect(await history.store.getReleaseSource(prose.url)).toBeUndefined();
  });

  it('fails with ReleaseNotesUnreadable for a body over the size cap, binary, or not UTF-8', async () => {
    const reader = releaseNotesReader({ maxBytes: 1_000 });
    const big = newSource();
    notes.answer(big.path, { body: full2020 });
    await expect(reader(big.url)).rejects.toMatchObject({
      name: ErrorName.ReleaseNotesUnreadable,
      message: expect.stringContaining('1000 bytes'),
    });
    const latin1 = newSource();
    notes.answer(latin1.path, { body: Buffer.from([0x23, 0x23, 0x20, 0xe9, 0x74, 0xe9, 0x0a]) });
    await expect(releaseNotesReader()(latin1.url)).rejects.toMatchObject({
      name: ErrorName.ReleaseNotesUnreadable,
      message: expect.stringContaining('not UTF-8'),
    });
    const image = newSource();
    notes.answer(image.path, { body: Buffer.from([0x89, 0x50, 0x4e, 0x47]), contentType: 'image/png' });
    await expect(releaseNotesReader()(image.url)).rejects.toMatchObject({
      name: ErrorName.ReleaseNotesUnreadable,
      message: expect.stringContaining('contentType: must be text/*'),
    });
  });

  it('treats a sudden drop to fewer than half the entries of the last check as unreadable, storing nothing', async () => {
    const source = newSource();
    notes.answer(source.path, { body: full2020 });
    now = new Date('2021-06-01T00:00:00Z');
    const watch = watcher([source]);
    await watch({});
    expect(await history.store.getReleaseSource(source.url)).toMatchObject({ entryCount: 4 });

    // Only the newest section survives: 1 entry where there were 4.
    const truncated = full2020.slice(0, full2020.indexOf('## 22 October 2020'));
    notes.answer(source.path, { body: truncated });
    await expect(watch({})).rejects.toMatchObject({
      name: ErrorName.ReleaseNotesUnreadable,
      message: expect.stringContaining('yielded 1 base-model update entries, last check 4'),
    });
    expect(await history.store.getReleaseSource(source.url)).toMatchObject({ entryCount: 4 });
  });

  it('checks every source even when one fails, then fails naming the broken one', async () => {
    const good = newSource('cloud-pak-for-data');
    notes.answer(good.path, { body: fixture('cpd-4x-data.md') });
    const broken = newSource('software-hub');
    now = new Date('2023-02-10T00:00:00Z');
    await expect(watcher([broken, good])({})).rejects.toMatchObject({
      name: ErrorName.ReleaseNotesUnavailable,
      message: expect.stringContaining(broken.url),
    });
    expect(await history.store.getReleaseSource(good.url)).toMatchObject({ entryCount: 4 });
    // cpd-4x-data's upgrade-required entry of 2023-02-01 is within 30 days: announced with its channel.
    expect(aws.putEvents().map((event) => event.detail)).toEqual([
      expect.objectContaining({
        channel: 'cloud-pak-for-data',
        entry: expect.objectContaining({ date: '2023-02-01' }),
      }),
    ]);
  });
});

describe('release-notes watcher on IBM notes as published', () => {
  it('IBM Cloud notes of December 2017: announces the en-US update of 14 December, stores the ja-JP one quietly', async () => {
    const source = newSource();
    notes.answer(source.path, { body: published('ibm-cloud-2017-12-15.md') });
    now = new Date('2017-12-15T12:00:00Z');
    const result = (await watcher([source])({})) as { checks: { entries: number; newEntries: number }[] };
    expect(result.checks[0]).toMatchObject({ entries: 2, newEntries: 2 });
    expect(aws.putEvents().map((event) => event.detail)).toEqual([
      expect.objectContaining({
        entry: expect.objectContaining({
          date: '2017-12-14',
          baseModels: ['en-US_BroadbandModel', 'en-US_NarrowbandModel'],
          upgradeRequired: true,
        }),
      }),
    ]);
  });

  it('Software Hub notes of March 2026: dated sections, no entries, no events, no error', async () => {
    const source = newSource('software-hub');
    notes.answer(source.path, { body: published('ibm-software-hub-2026-03.md') });
    now = new Date('2026-03-20T00:00:00Z');
    expect(await watcher([source])({})).toEqual({
      checks: [{ source: source.url, channel: 'software-hub', entries: 0, newEntries: 0, announced: [] }],
    });
    expect(aws.putEvents()).toEqual([]);
    expect(await history.store.getReleaseSource(source.url)).toMatchObject({ entryCount: 0 });
  });
});
