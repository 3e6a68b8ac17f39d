import type { ScoringUnit } from './normalise.js';

/** Languages written without spaces between words: scored by characters. Korean uses spaces and is not here. */
const unspacedLanguages = new Set(['ja', 'zh']);

/**
 * The unit for a language code or model name (`ja-JP`, `ja-JP_Multimedia`, `zh-CN_Telephony`),
 * decided by its language prefix; words when no language is given.
 */
export function scoringUnitFor(language: string | undefined): ScoringUnit {
  const prefix = language?.split(/[-_]/u)[0]?.toLowerCase();
  return prefix !== undefined && unspacedLanguages.has(prefix) ? 'character' : 'word';
}
