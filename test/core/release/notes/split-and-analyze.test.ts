import { describe, expect, it } from 'vitest';
import { analyzeEntry } from '#core/release/notes/analyze-entry.js';
import { unique } from '#core/release/notes/model-names.js';
import { splitSections } from '#core/release/notes/split-sections.js';

const notes = `# Release notes

## 24 November 2026

Updated US English broadband model
:   The \`en-US_BroadbandModel\` was updated for improved speech recognition. If you have custom language models based on it, you must upgrade them.

New Japanese documentation
:   The documentation now covers Japanese.

## Older releases

Nothing dated here.
`;

describe('a release-notes page, section by section', () => {
  const split = splitSections(notes);

  it('splits dated sections into entries and names the headings that carry no date', () => {
    expect(split.sections.map((s) => [s.heading.date, s.entries.map((e) => e.title)])).toEqual([
      ['2026-11-24', ['Updated US English broadband model', 'New Japanese documentation']],
    ]);
    expect(split.skippedHeadings).toEqual(['Older releases']);
  });

  it('reads an entry that asks for an upgrade of named base models', () => {
    const [update, documentation] = split.sections[0]?.entries ?? [];
    if (!update || !documentation) throw new Error('the section lost its entries');
    const context = { date: '2026-11-24', release: null };
    expect(analyzeEntry(update, context)).toEqual({
      date: '2026-11-24',
      release: null,
      title: 'Updated US English broadband model',
      baseModels: ['en-US_BroadbandModel'],
      upgradeRequired: true,
      customModelTypes: ['language'],
    });
    expect(analyzeEntry(documentation, context)).toBeNull();
  });

  it('keeps each model name once, in the order first written', () => {
    expect(unique(['b', 'a', 'b', 'c', 'a'])).toEqual(['b', 'a', 'c']);
  });
});
