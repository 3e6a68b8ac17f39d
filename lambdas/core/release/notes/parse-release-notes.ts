import { analyzeEntry } from './analyze-entry.js';
import type { ReleaseEntry } from './release-entry.js';
import { releaseFromText } from './section-heading.js';
import { splitSections } from './split-sections.js';

export interface ParseOptions {
  /** Where the notes came from (URL or file name); echoed in the document summary for logs. */
  readonly source?: string;
}

/** Entries plus what a caller needs to tell "no updates announced" from "not release notes at all". */
export interface ReleaseNotesDocument {
  readonly source: string | null;
  readonly entries: ReleaseEntry[];
  /** Sections with a recognised date; 0 means the input did not look like release notes. */
  readonly datedSections: number;
  /** Headings that carry no date (for example "Older releases"); their content was skipped. */
  readonly skippedHeadings: string[];
}

/** Every entry of the notes that announces an update to existing base models, in document order. */
export function parseReleaseNotes(markdown: string, options?: ParseOptions): ReleaseEntry[] {
  return parseReleaseNotesDocument(markdown, options).entries;
}

export function parseReleaseNotesDocument(markdown: string, options?: ParseOptions): ReleaseNotesDocument {
  const { sections, skippedHeadings } = splitSections(typeof markdown === 'string' ? markdown : '');
  const entries: ReleaseEntry[] = [];
  for (const section of sections) {
    // Cloud Pak notes sometimes give the version only in the text ("Version 4.6.3 is now available").
    const release =
      section.heading.release ??
      releaseFromText(
        section.entries.map((entry) => [entry.title ?? '', ...entry.lines].join(' ')).join(' '),
      );
    for (const raw of section.entries) {
      const entry = analyzeEntry(raw, { date: section.heading.date, release });
      if (entry) entries.push(entry);
    }
  }
  return { source: options?.source ?? null, entries, datedSections: sections.length, skippedHeadings };
}
