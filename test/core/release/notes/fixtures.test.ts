import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReleaseNotes, releaseEntrySchema } from '#core/release/notes/index.js';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'release-notes');
const notes = readdirSync(FIXTURES).filter((name) => name.endsWith('.md'));

describe('parseReleaseNotes on hand-checked fixtures of every era and channel', () => {
  it('has a fixture set to check', () => {
    expect(notes.length).toBeGreaterThanOrEqual(6);
  });

  it.each(notes)('%s yields exactly the entries read by hand', (name) => {
    const markdown = readFileSync(join(FIXTURES, name), 'utf8');
    const expected: unknown = JSON.parse(
      readFileSync(join(FIXTURES, name.replace(/\.md$/, '.expected.json')), 'utf8'),
    );
    const entries = parseReleaseNotes(markdown);
    expect(entries).toEqual(expected);
    for (const entry of entries) expect(releaseEntrySchema.parse(entry)).toEqual(entry);
  });

  it.each(notes)('%s reads the same with Windows line endings', (name) => {
    const markdown = readFileSync(join(FIXTURES, name), 'utf8');
    expect(parseReleaseNotes(markdown.replace(/\n/g, '\r\n'))).toEqual(parseReleaseNotes(markdown));
  });
});
