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
  const [referenceIds, hypothesisIds] = tokenIds(reference, hypothesis);
  const columns = hypothesis.length + 1;
  // cost[i * columns + j]: edits to turn reference[0..i) into hypothesis[0..j).
  const cost = new Uint32Array((reference.length + 1) * columns);
  for (let j = 0; j < columns; j++) cost[j] = j;
  for (let i = 1; i <= reference.length; i++) {
    const row = i * columns;
    const above = row - columns;
    const referenceId = referenceIds[i - 1];
    cost[row] = i;
    for (let j = 1; j < columns; j++) {
      const diagonal = (cost[above + j - 1] as number) + (referenceId === hypothesisIds[j - 1] ? 0 : 1);
      const deletion = (cost[above + j] as number) + 1;
      const insertion = (cost[row + j - 1] as number) + 1;
      cost[row + j] = Math.min(diagonal, deletion, insertion);
    }
  }
  return backtrace(cost, columns, reference, hypothesis);
}

/** Tokens as small integers: comparing numbers in the inner loop is several times faster than strings. */
function tokenIds(reference: readonly string[], hypothesis: readonly string[]): [Uint32Array, Uint32Array] {
  const ids = new Map<string, number>();
  const idOf = (token: string) => {
    let id = ids.get(token);
    if (id === undefined) {
      id = ids.size;
      ids.set(token, id);
    }
    return id;
  };
  return [Uint32Array.from(reference, idOf), Uint32Array.from(hypothesis, idOf)];
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
