import type { Alignment, AlignmentStep } from './alignment.js';
import type { ComparedUtterance } from './compare-versions.js';
import { alignUtterance } from './error-rate.js';
import { scoringUnitFor } from './language.js';

/** One column of three aligned transcripts; empty where that transcript has no word there. */
export interface AlignedColumn {
  readonly reference: string;
  readonly old: string;
  readonly new: string;
}

/** An utterance the new version recognised differently from the old one. */
export interface ChangedUtterance {
  /** Its place in the test set, from 1. */
  readonly utterance: number;
  readonly reference: string;
  readonly oldHypothesis: string;
  readonly newHypothesis: string;
  /** Edits (substitutions, deletions, insertions) against the reference. */
  readonly oldErrors: number;
  readonly newErrors: number;
  /** Reference, old and new words, column by column in reference order (normalised as scored). */
  readonly aligned: readonly AlignedColumn[];
}

/**
 * The utterances whose scored words differ between the versions, the ones that got most worse
 * first (then in test-set order), each with the three transcripts aligned on the reference.
 */
export function changedUtterances(
  utterances: readonly ComparedUtterance[],
  language: string | undefined,
): ChangedUtterance[] {
  const unit = scoringUnitFor(language);
  return utterances
    .flatMap((utterance, i): ChangedUtterance[] => {
      const old = alignUtterance(
        { reference: utterance.reference, hypothesis: utterance.oldHypothesis },
        unit,
      );
      const next = alignUtterance(
        { reference: utterance.reference, hypothesis: utterance.newHypothesis },
        unit,
      );
      if (hypothesisOf(old).join(' ') === hypothesisOf(next).join(' ')) return [];
      return [
        {
          utterance: i + 1,
          ...utterance,
          oldErrors: errors(old),
          newErrors: errors(next),
          aligned: alignThree(old, next),
        },
      ];
    })
    .sort((a, b) => b.newErrors - b.oldErrors - (a.newErrors - a.oldErrors) || a.utterance - b.utterance);
}

const errors = (alignment: Alignment) => alignment.substitutions + alignment.deletions + alignment.insertions;

function hypothesisOf(alignment: Alignment): string[] {
  return alignment.steps.flatMap((step) => (step.kind === 'deletion' ? [] : [step.hypothesis]));
}

/**
 * Both alignments share the reference: walk it once, putting each version's word under each
 * reference word, and each version's inserted words in columns of their own before it.
 */
function alignThree(old: Alignment, next: Alignment): AlignedColumn[] {
  const oldSlots = slots(old);
  const newSlots = slots(next);
  const columns: AlignedColumn[] = [];
  for (let position = 0; position < oldSlots.length; position++) {
    const o = oldSlots[position] as Slot;
    const n = newSlots[position] as Slot;
    for (const word of o.inserted) columns.push({ reference: '', old: word, new: '' });
    for (const word of n.inserted) columns.push({ reference: '', old: '', new: word });
    if (o.reference !== undefined) columns.push({ reference: o.reference, old: o.word, new: n.word });
  }
  return columns;
}

/** Per reference word (and one slot past the end): the words inserted before it, and the word under it. */
interface Slot {
  readonly inserted: string[];
  reference: string | undefined;
  word: string;
}

function slots(alignment: Alignment): Slot[] {
  const result: Slot[] = [{ inserted: [], reference: undefined, word: '' }];
  const last = () => result[result.length - 1] as Slot;
  for (const step of alignment.steps as readonly AlignmentStep[]) {
    if (step.kind === 'insertion') {
      last().inserted.push(step.hypothesis);
      continue;
    }
    const slot = last();
    slot.reference = step.reference;
    slot.word = step.kind === 'deletion' ? '' : step.hypothesis;
    result.push({ inserted: [], reference: undefined, word: '' });
  }
  return result;
}
