import type { AlignedTranscript, ChangedUtterance } from '#core/report/index.js';
import { element, type ReportDocument, type ReportElement } from './dom.js';

/**
 * One changed utterance: the reference, then each version's transcript aligned with it word by
 * word, substitutions, deletions and insertions marked (by class, and by a sign for print).
 */
export function changedUtteranceView(
  document: ReportDocument,
  utterance: ChangedUtterance,
  versions: { readonly old: string; readonly new: string },
): ReportElement {
  const e = element.bind(null, document);
  return e(
    'div',
    { class: 'utterance' },
    e(
      'p',
      { class: 'reference' },
      e('span', { class: 'line' }, `#${utterance.index + 1}`),
      ` ${utterance.reference}`,
    ),
    alignmentTable(document, 'old', versions.old, utterance.old),
    alignmentTable(document, 'new', versions.new, utterance.new),
  );
}

const SIGNS = { substitution: 'S', deletion: 'D', insertion: 'I' } as const;

function alignmentTable(
  document: ReportDocument,
  side: 'old' | 'new',
  version: string,
  aligned: AlignedTranscript,
): ReportElement {
  const e = element.bind(null, document);
  const referenceRow = e('tr', {}, e('th', { scope: 'row' }, 'reference'));
  const hypothesisRow = e('tr', {}, e('th', { scope: 'row' }, `${side} ${version}`));
  for (const step of aligned.steps) {
    const kind = step.kind;
    const mark = kind === 'correct' ? undefined : SIGNS[kind];
    const title = { title: kindTitle(step) };
    referenceRow.appendChild(
      e('td', { class: kind, ...title }, step.kind === 'insertion' ? '' : step.reference),
    );
    hypothesisRow.appendChild(
      e(
        'td',
        { class: kind, ...title },
        step.kind === 'deletion' ? '' : step.hypothesis,
        mark ? e('sup', {}, mark) : null,
      ),
    );
  }
  return e(
    'table',
    { class: `alignment ${side}`, 'data-errors': String(aligned.errors) },
    e('caption', {}, `${side}: ${aligned.errors} error(s) — "${aligned.transcript}"`),
    e('tbody', {}, referenceRow, hypothesisRow),
  );
}

function kindTitle(step: AlignedTranscript['steps'][number]): string {
  switch (step.kind) {
    case 'correct':
      return 'correct';
    case 'substitution':
      return `substitution: "${step.reference}" heard as "${step.hypothesis}"`;
    case 'deletion':
      return `deletion: "${step.reference}" missed`;
    case 'insertion':
      return `insertion: "${step.hypothesis}" added`;
  }
}
