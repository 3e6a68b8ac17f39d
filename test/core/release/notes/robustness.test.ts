import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReleaseNotes, parseReleaseNotesDocument } from '#core/release/notes/index.js';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'release-notes');
const fixtures = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.md'))
  .map((name) => readFileSync(join(FIXTURES, name), 'utf8'));

describe('parseReleaseNotes on input that is not clean release notes', () => {
  it('yields nothing, and says so, for empty input and for an HTML error page', () => {
    for (const input of ['', '\n\n', '<html><body><h1>502 Bad Gateway</h1></body></html>']) {
      const document = parseReleaseNotesDocument(input);
      expect(document.entries).toEqual([]);
      expect(document.datedSections).toBe(0);
    }
  });

  it('never throws on any prefix of any fixture (a truncated download)', () => {
    for (const markdown of fixtures) {
      const lines = markdown.split('\n');
      for (let end = 0; end <= lines.length; end++) {
        expect(() => parseReleaseNotes(lines.slice(0, end).join('\n'))).not.toThrow();
      }
    }
  });

  it('never throws on shuffled fixture lines', () => {
    // A fixed-seed generator keeps the shuffle reproducible.
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const lines = fixtures.join('\n').split('\n');
    for (let round = 0; round < 50; round++) {
      const shuffled = lines.map((line) => ({ line, key: random() })).sort((a, b) => a.key - b.key);
      const entries = parseReleaseNotes(shuffled.map(({ line }) => line).join('\n'));
      expect(Array.isArray(entries)).toBe(true);
    }
  });

  it('echoes the source it was given', () => {
    expect(parseReleaseNotesDocument('', { source: 'release-notes.md' }).source).toBe('release-notes.md');
    expect(parseReleaseNotesDocument('').source).toBeNull();
  });

  it('parses a file far longer than the current IBM Cloud notes in a few seconds at most', () => {
    const copies = 40;
    // malformed.md ends inside an unclosed code fence, which would swallow every later copy.
    const wellFormed = fixtures.filter((markdown) => !markdown.includes('never closed')).join('\n');
    const once = parseReleaseNotes(wellFormed).length;
    const large = Array.from({ length: copies }, () => wellFormed).join('\n');
    const started = performance.now();
    const entries = parseReleaseNotes(large);
    const elapsed = performance.now() - started;
    console.info(
      `parsed ${(large.length / 1024).toFixed(0)} KiB into ${entries.length} entries in ${elapsed.toFixed(0)} ms`,
    );
    expect(entries).toHaveLength(once * copies);
    // Generous for loaded CI machines; catastrophic regex backtracking would take far longer.
    expect(elapsed).toBeLessThan(3000);
  });
});
