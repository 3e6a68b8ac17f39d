import type { Measurement, WatchRun } from '#core/watch/index.js';
import { textTable } from './text-table.js';

const percent = (wer: number | null | undefined) =>
  wer === null || wer === undefined ? '-' : `${(wer * 100).toFixed(2)}%`;
const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '-');

/** One line per watch run: when, what it measured, what it found, what it cost. */
export function formatWatchRuns(runs: readonly WatchRun[]): string {
  if (runs.length === 0) return 'No watch runs recorded.\n';
  return textTable(
    ['STARTED', 'OUTCOME', 'MODELS', 'MEASURED', 'WORSE', 'BETTER', 'FAILED', 'MINUTES', 'PRICE', 'REASON'],
    runs.map((run) => [
      run.startedAt.slice(0, 16).replace('T', ' '),
      run.outcome,
      String(run.models),
      String(run.measured),
      String(run.worse),
      String(run.better),
      String(run.failed),
      run.audioMinutes.toFixed(2),
      `$${run.priceUsd.toFixed(2)}`,
      run.reason ?? '',
    ]),
  );
}

/** A new baseline says why, unless a watch run simply took the first: `baseline (upgrade)`. */
const verdictOf = (m: Measurement) => {
  const verdict = m.comparison?.verdict ?? '-';
  return verdict === 'baseline' && m.reason !== 'watch' ? `baseline (${m.reason})` : verdict;
};

/** One line per model: its latest measurement against its baseline. */
export function formatWatchModels(measurements: readonly Measurement[]): string {
  if (measurements.length === 0) return 'No model measured yet.\n';
  return textTable(
    ['MODEL', 'BASE MODEL', 'MEASURED', 'WER', 'BASELINE', 'SINCE', 'VERDICT', 'FIRST MOVED', 'WORDS LOST'],
    measurements.map((m) => [
      m.modelName,
      m.baseModelName,
      day(m.measuredAt),
      percent(m.wer),
      percent(m.comparison?.baselineWer),
      day(m.comparison?.baselineMeasuredAt),
      verdictOf(m),
      day(m.comparison?.firstMovedAt),
      (m.comparison?.wordsLost ?? [])
        .slice(0, 5)
        .map((w) => `${w.word} (${w.count})`)
        .join(', '),
    ]),
  );
}
