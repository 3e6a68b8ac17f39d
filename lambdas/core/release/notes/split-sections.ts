import { parseSectionHeading, type SectionHeading } from './section-heading.js';

/** An entry as written: a definition-list title (or none) and its body lines, indentation kept. */
export interface RawEntry {
  readonly title: string | null;
  readonly lines: string[];
}

export interface DatedSection {
  readonly heading: SectionHeading;
  readonly headingText: string;
  readonly entries: RawEntry[];
}

export interface SplitResult {
  readonly sections: DatedSection[];
  /** Headings that carry no date: their content is not attributed to any section. */
  readonly skippedHeadings: string[];
}

/** 'headed': a date-less subheading inside a dated section, used as the title of what follows. */
type EntryKind = 'definition' | 'bullet' | 'paragraph' | 'headed';

interface OpenEntry {
  kind: EntryKind;
  title: string | null;
  lines: string[];
  /** A paragraph ending in ':' takes the list that follows it ("The following models were updated:"). */
  introducesList: boolean;
  /** Set once such a list was taken: later paragraphs ("If you have custom models ...") belong to it too. */
  tookList: boolean;
  /** Where the last paragraph taken that way starts: it may turn out to be the next definition's title. */
  lastParagraphStart: number | null;
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const ATTRIBUTE = /^\s*\{:.*\}\s*$/;
const FENCE = /^\s*(```|~~~)/;
const DEFINITION = /^:\s+(.*)$/;
const LIST_ITEM = /^(?:[-*+]|\d+[.)])\s+/;

/**
 * Splits release-notes Markdown into dated sections and their entries, line by line. Understands
 * IBM's three entry styles: definition lists (title line, then `:   body`), top-level bullets
 * (older notes), and plain top-level paragraphs. Never throws on odd content.
 */
export function splitSections(markdown: string): SplitResult {
  const lines = markdown.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
  const sections: DatedSection[] = [];
  const skippedHeadings: string[] = [];
  let section: (DatedSection & { level: number }) | null = null;
  let entry: OpenEntry | null = null;
  let previousBlank = true;
  let inFence = false;

  const close = () => {
    const current = entry as OpenEntry | null;
    const hasBody = current?.lines.some((line) => line.trim() !== '') ?? false;
    if (current && section && (hasBody || current.kind === 'definition')) {
      section.entries.push({ title: current.title, lines: trimBlankEnds(current.lines) });
    }
    entry = null;
  };
  const open = (kind: EntryKind, line: string, title: string | null = null) => {
    close();
    entry = {
      kind,
      title,
      lines: [line],
      // A subheading takes the lists and paragraphs under it, as a paragraph ending in ':' takes its list.
      introducesList: kind === 'headed' || (kind === 'paragraph' && endsWithColon(line)),
      tookList: kind === 'headed',
      lastParagraphStart: null,
    };
  };

  for (const line of lines) {
    if (inFence || FENCE.test(line)) {
      if (FENCE.test(line)) inFence = !inFence;
      // Code belongs to the entry it sits in and is never read as structure.
      if (entry) (entry as OpenEntry).lines.push(line);
      previousBlank = false;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      close();
      const level = heading[1]?.length ?? 1;
      const text = heading[2] ?? '';
      const dated = parseSectionHeading(text);
      if (dated) {
        section = { heading: dated, headingText: text, entries: [], level };
        sections.push(section);
      } else if (!section || level <= section.level) {
        // A date-less heading at section level ends the section; its content is not guessed at.
        section = null;
        if (level > 1) skippedHeadings.push(text);
      } else {
        open('headed', '', text.trim());
      }
      previousBlank = true;
      continue;
    }
    if (ATTRIBUTE.test(line)) continue;
    if (line.trim() === '') {
      previousBlank = true;
      if (entry) (entry as OpenEntry).lines.push('');
      continue;
    }
    if (!section) {
      previousBlank = false;
      continue;
    }
    const current = entry as OpenEntry | null;
    const definition = DEFINITION.exec(line);
    if (definition) {
      const body = definition[1] ?? '';
      const titleStart =
        current?.kind === 'paragraph' && current.title === null ? 0 : current?.lastParagraphStart;
      if (current && titleStart !== null && titleStart !== undefined) {
        // The paragraph just read (after a list or subheading: its last paragraph) was this definition's title.
        const titleLines = current.lines.splice(titleStart);
        open('definition', body, titleLines.join(' ').replace(/\s+/g, ' ').trim());
      } else if (current) {
        current.lines.push(body);
      } else {
        open('definition', body);
      }
      previousBlank = false;
      continue;
    }
    const indented = /^\s{2,}/.test(line);
    if (indented) {
      if (current) current.lines.push(line);
      else open('paragraph', line.trim());
    } else if (LIST_ITEM.test(line)) {
      if (current?.introducesList) {
        current.lines.push(line);
        current.tookList = true;
        current.lastParagraphStart = null;
      } else {
        open('bullet', line);
      }
    } else if (current?.tookList) {
      if (previousBlank) current.lastParagraphStart = current.lines.length;
      current.lines.push(line);
    } else if (current && !previousBlank) {
      // Lazy continuation of the paragraph or item above.
      current.lines.push(line);
      if (current.kind === 'paragraph') current.introducesList = endsWithColon(line);
    } else {
      open('paragraph', line);
    }
    previousBlank = false;
  }
  close();
  return { sections, skippedHeadings };
}

function endsWithColon(line: string): boolean {
  return /:\s*$/.test(line);
}

function trimBlankEnds(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && lines[end - 1]?.trim() === '') end--;
  return lines.slice(0, end);
}
