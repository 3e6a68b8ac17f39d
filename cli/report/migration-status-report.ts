import type { MigrationRecord } from '#core/migration/index.js';
import { textTable, truncate } from './text-table.js';

const percent = (wer: number | null | undefined) =>
  wer === null || wer === undefined ? '-' : `${(wer * 100).toFixed(2)}%`;

/** The mapping of every migrated model: source -> new model, the verdict and why. */
export function formatMigrationStatus(records: readonly MigrationRecord[]): string {
  if (records.length === 0) return 'No migrations recorded.\n';
  const rows = records.map((r) => {
    const c = r.comparison;
    return [
      truncate(r.sourceName || r.sourceId, 24),
      r.sourceBaseModel,
      r.target,
      r.newModelId ?? '-',
      r.status,
      c?.verdict ?? '-',
      c ? `${percent(c.source.wer)} -> ${percent(c.target.wer)}` : '-',
      truncate(c?.wordsLost.map((w) => `${w.word} (${w.count})`).join(', ') || '-', 30),
      truncate(r.error ? `${r.error.name}: ${r.error.reason}` : '', 70),
    ];
  });
  const count = (verdict: string) => records.filter((r) => r.comparison?.verdict === verdict).length;
  return (
    textTable(
      [
        'SOURCE',
        'BASE MODEL',
        'LSM',
        'NEW MODEL',
        'STATUS',
        'VERDICT',
        'WER SOURCE -> NEW',
        'WORDS LOST',
        'REASON',
      ],
      rows,
    ) +
    `\n${records.length} migration(s): ${count('better')} better, ${count('equal')} equal, ${count('worse')} worse, ` +
    `${records.filter((r) => r.status === 'failed').length} stopped. Switch clients only to better or equal models.\n`
  );
}
