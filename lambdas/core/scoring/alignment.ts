/** One step of an alignment of a hypothesis against its reference. */
export type AlignmentStep =
  | { readonly kind: 'correct'; readonly reference: string; readonly hypothesis: string }
  | { readonly kind: 'substitution'; readonly reference: string; readonly hypothesis: string }
  | { readonly kind: 'deletion'; readonly reference: string }
  | { readonly kind: 'insertion'; readonly hypothesis: string };

export interface EditCounts {
  readonly substitutions: number;
  readonly deletions: number;
  readonly insertions: number;
}

export interface Alignment extends EditCounts {
  /** In reference order; every reference token appears in exactly one correct, substitution or deletion step. */
  readonly steps: readonly AlignmentStep[];
}

/**
 * A minimum-edit alignment (Levenshtein, every edit costing 1) with its backtrace. Among alignments
 * of equal cost the backtrace prefers a match or substitution, then a deletion, then an insertion,
 * so that counts are stable from run to run.
 */
export function align(reference: readonly string[], hypothesis: readonly string[]): Alignment {
  const columns = hypothesis.length + 1;
  // cost[i * columns + j]: edits to turn reference[0..i) into hypothesis[0..j).
  const cost = new Uint32Array((reference.length + 1) * columns);
  for (let j = 0; j <= hypothesis.length; j++) cost[j] = j;
  for (let i = 1; i <= reference.length; i++) {
    cost[i * columns] = i;
    for (let j = 1; j <= hypothesis.length; j++) {
      const diagonal = at(cost, columns, i - 1, j - 1) + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1);
      const deletion = at(cost, columns, i - 1, j) + 1;
      const insertion = at(cost, columns, i, j - 1) + 1;
      cost[i * columns + j] = Math.min(diagonal, deletion, insertion);
    }
  }
  return backtrace(cost, columns, reference, hypothesis);
}

function at(cost: Uint32Array, columns: number, i: number, j: number): number {
  return cost[i * columns + j] as number;
}

function backtrace(
  cost: Uint32Array,
  columns: number,
  reference: readonly string[],
  hypothesis: readonly string[],
): Alignment {
  const steps: AlignmentStep[] = [];
  let substitutions = 0;
  let deletions = 0;
  let insertions = 0;
  let i = reference.length;
  let j = hypothesis.length;
  while (i > 0 || j > 0) {
    const here = at(cost, columns, i, j);
    const ref = reference[i - 1] as string;
    const hyp = hypothesis[j - 1] as string;
    if (i > 0 && j > 0 && here === at(cost, columns, i - 1, j - 1) + (ref === hyp ? 0 : 1)) {
      if (ref === hyp) steps.push({ kind: 'correct', reference: ref, hypothesis: hyp });
      else {
        steps.push({ kind: 'substitution', reference: ref, hypothesis: hyp });
        substitutions++;
      }
      i--;
      j--;
    } else if (i > 0 && here === at(cost, columns, i - 1, j) + 1) {
      steps.push({ kind: 'deletion', reference: ref });
      deletions++;
      i--;
    } else {
      steps.push({ kind: 'insertion', hypothesis: hyp });
      insertions++;
      j--;
    }
  }
  return { steps: steps.reverse(), substitutions, deletions, insertions };
}
