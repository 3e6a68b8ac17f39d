import type { Alignment } from './alignment.js';

/** A reference word the old version recognised and the new one missed, and how often that happened. */
export interface LostWord {
  readonly word: string;
  readonly count: number;
}

/**
 * Words lost between two runs over the same references: reference words aligned as correct in the
 * old run's alignment but not in the new one's, counted over the set, most frequent first (ties in
 * alphabetical order so the list is stable).
 */
export function wordsLost(runs: readonly { readonly old: Alignment; readonly new: Alignment }[]): LostWord[] {
  const counts = new Map<string, number>();
  for (const run of runs) {
    const oldCorrect = correctByReferencePosition(run.old);
    const newCorrect = correctByReferencePosition(run.new);
    oldCorrect.forEach((word, position) => {
      if (word !== undefined && newCorrect[position] === undefined) {
        counts.set(word, (counts.get(word) ?? 0) + 1);
      }
    });
  }
  return [...counts]
    .map(([word, count]) => ({ word, count }))
    .sort((a, b) => b.count - a.count || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
}

/** For each reference position, the word if the alignment got it right, else undefined. */
function correctByReferencePosition(alignment: Alignment): (string | undefined)[] {
  const byPosition: (string | undefined)[] = [];
  for (const step of alignment.steps) {
    if (step.kind === 'correct') byPosition.push(step.reference);
    else if (step.kind !== 'insertion') byPosition.push(undefined);
  }
  return byPosition;
}
