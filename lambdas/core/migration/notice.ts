import type { Notice } from '../contract/notifier.js';
import type { MigrationRecord } from './migration-record.js';

const percent = (wer: number | null | undefined) =>
  wer === null || wer === undefined ? '-' : `${(wer * 100).toFixed(2)}%`;

/** What operators change in their clients, or why they should not yet. The product never switches traffic. */
export function migrationNotice(record: MigrationRecord): Notice {
  const c = record.comparison;
  const name = record.sourceName || record.sourceId;
  const scores = c
    ? `WER ${percent(c.source.wer)} (${record.sourceBaseModel}) -> ${percent(c.target.wer)} (${record.target}) on test set ${record.testSet}`
    : 'not compared';
  const change =
    `model=${record.sourceBaseModel}&language_customization_id=${record.sourceId}` +
    ` -> model=${record.target}&language_customization_id=${record.newModelId}`;
  const lines = [
    `${name} was re-created on the large speech model ${record.target} as ${record.newModelId}: ${c?.verdict ?? 'unverified'}, ${scores}.`,
  ];
  if (c?.verdict === 'better' || c?.verdict === 'equal') {
    lines.push(`To switch, change your clients' recognition requests: ${change}.`);
    lines.push(
      `IBM's default customization_weight on large speech models is 0.5; send your own if you tuned it.`,
    );
  } else {
    lines.push(
      `Keep your clients on ${record.sourceBaseModel} with ${record.sourceId}${c?.reason ? ` (${c.reason})` : ''}.`,
    );
  }
  if (c && c.wordsLost.length > 0)
    lines.push(`Words lost: ${c.wordsLost.map((w) => `${w.word} (${w.count})`).join(', ')}.`);
  if (c && c.wordsGained.length > 0)
    lines.push(`Words gained: ${c.wordsGained.map((w) => `${w.word} (${w.count})`).join(', ')}.`);
  if (record.leftBehind.length > 0 || record.wordsRejected.length > 0) {
    lines.push(
      `Not carried: ${[...record.leftBehind.map((l) => `${l.kind} ${l.name} (${l.reason})`), ...record.wordsRejected.map((w) => `word ${w.word} (IBM rejected it: ${w.reason})`)].join('; ')}.`,
    );
  }
  lines.push('The source model was not changed.');
  return {
    subject: `Migration of ${name} to ${record.target}: ${c?.verdict ?? 'unverified'}`.slice(0, 99),
    message: lines.join('\n'),
  };
}
