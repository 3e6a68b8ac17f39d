/** What a transcript is scored by: words, or characters for languages written without spaces. */
export type ScoringUnit = 'word' | 'character';

/** IBM's hesitation markers: `%HESITATION` (previous-generation models) and Japanese `D_...` tokens. */
const hesitationMarker = /^(?:%hesitation|d_\S*)$/u;

/** Fillers that next-generation models write as words, and IBM's own WER tool drops. */
const fillers = new Set(['uh', 'um', 'uhm', 'hmm', 'mm', 'uhuh', 'hesitation']);

/** Typographic apostrophes count as the ASCII one, so "I’d" in a reference matches "I'd" from IBM. */
const typographicApostrophe = /[\u2019\u02BC]/gu;

/**
 * Anything but a letter, digit, apostrophe or white space. Combining marks (\p{M}) are kept as part
 * of their letter: Devanagari vowel signs and Arabic diacritics would otherwise split words.
 */
const notWordCharacter = /[^\p{L}\p{M}\p{N}'\s]/gu;

const edgeApostrophes = /^'+|'+$/gu;

/**
 * The words of a transcript after the normalisation applied to references and hypotheses alike:
 * NFKC, lower case, hesitation markers and fillers dropped, punctuation to spaces, apostrophes at
 * word edges dropped.
 */
export function normaliseWords(text: string): string[] {
  const markersDropped = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(typographicApostrophe, "'")
    .split(/\s+/u)
    .filter((token) => !hesitationMarker.test(token))
    .join(' ');
  return markersDropped
    .replace(notWordCharacter, ' ')
    .split(/\s+/u)
    .map((word) => word.replace(edgeApostrophes, ''))
    .filter((word) => word !== '' && !fillers.has(word));
}

/** The tokens a transcript is scored by: its normalised words, or their characters without white space. */
export function scoringTokens(text: string, unit: ScoringUnit): string[] {
  const words = normaliseWords(text);
  return unit === 'word' ? words : words.flatMap((word) => Array.from(word));
}
