/**
 * Text helpers for one entry: its body as list-aware units and sentences, and a readable title
 * for entries that have none.
 */

/** A unit is one paragraph or one list item of the body, as a single line. */
export interface TextUnit {
  readonly text: string;
  readonly isListItem: boolean;
}

const LIST_ITEM = /^(?:[-*+]|\d+[.)])\s+/;

export function textUnits(lines: readonly string[]): TextUnit[] {
  const units: TextUnit[] = [];
  let current: string[] = [];
  let currentIsItem = false;
  const flush = () => {
    const text = current.join(' ').replace(/\s+/g, ' ').trim();
    if (text !== '') units.push({ text, isListItem: currentIsItem });
    current = [];
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') {
      flush();
      currentIsItem = false;
    } else if (LIST_ITEM.test(line)) {
      flush();
      currentIsItem = true;
      current.push(line.replace(LIST_ITEM, ''));
    } else {
      current.push(line);
    }
  }
  flush();
  return units;
}

/** Splits at sentence ends; a colon that introduces a list also ends a sentence. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?:][*_]*)\s+(?=[A-Z*`_([])/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '');
}

/** Markdown reduced to readable text: links to their label, emphasis and code marks removed. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\{:[^}]*\}/g, '')
    .replace(/[*`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const MAX_TITLE = 100;

/**
 * Title of an entry written without one (older bullet-style notes): its bold lead-in
 * ("**Updates to models** - The ...") if it has one, else its first sentence; plain text,
 * cut at a word boundary to at most 100 characters.
 */
export function derivedTitle(firstUnit: string): string {
  const lead = /^\*\*([^*]+?)\*\*/.exec(firstUnit)?.[1];
  const source = plainText(lead ?? sentences(firstUnit)[0] ?? firstUnit).replace(/[.:;,\s-]+$/, '');
  if (source.length <= MAX_TITLE) return source;
  const cut = source.slice(0, MAX_TITLE - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1)).trimEnd()}…`;
}
