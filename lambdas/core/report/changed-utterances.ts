import { type Alignment, alignUtterance, type ScoringUnit } from '../scoring/index.js';
import type { AlignedTranscript, ChangedUtterance } from './report-model.js';

/** Changed utterances shown per regression: enough to see the pattern, small enough to read. */
export const CHANGED_SHOWN = 50;

/** An utterance as a verification stored it: the reference and both versions' transcripts. */
export interface StoredUtterance {
  readonly index: number;
  readonly reference: string;
  readonly old: { readonly transcript: string };
  readonly new: { readonly transcript: string };
}

/**
 * The utterances whose scored words differ between the versions, each aligned with its
 * reference; those the new version lost most on come first.
 */
export function changedUtterances(
  utterances: readonly StoredUtterance[],
  unit: ScoringUnit,
): { readonly shown: ChangedUtterance[]; readonly more: number } {
  const changed = utterances
    .map((utterance) => ({
      index: utterance.index,
      reference: utterance.reference,
      old: aligned(
        utterance.old.transcript,
        alignUtterance({ reference: utterance.reference, hypothesis: utterance.old.transcript }, unit),
      ),
      new: aligned(
        utterance.new.transcript,
        alignUtterance({ reference: utterance.reference, hypothesis: utterance.new.transcript }, unit),
      ),
    }))
    .filter((utterance) => !sameWords(utterance.old.steps, utterance.new.steps))
    .sort((a, b) => b.new.errors - b.old.errors - (a.new.errors - a.old.errors) || a.index - b.index);
  return { shown: changed.slice(0, CHANGED_SHOWN), more: Math.max(0, changed.length - CHANGED_SHOWN) };
}

function aligned(transcript: string, alignment: Alignment): AlignedTranscript {
  return {
    transcript,
    steps: alignment.steps,
    errors: alignment.substitutions + alignment.deletions + alignment.insertions,
  };
}

const hypothesisWords = (steps: AlignedTranscript['steps']) =>
  steps.flatMap((step) => (step.kind === 'deletion' ? [] : [step.hypothesis]));

function sameWords(a: AlignedTranscript['steps'], b: AlignedTranscript['steps']): boolean {
  const left = hypothesisWords(a);
  const right = hypothesisWords(b);
  return left.length === right.length && left.every((word, i) => word === right[i]);
}
