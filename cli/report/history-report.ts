import type { UnitRun, UpgradeAttempt } from '#core/history-records.js';
import { percent, type VerificationRecord } from '#core/verification/index.js';
import { formatDuration, textTable, truncate } from './text-table.js';

/** What `stt-upgrader history` answers: recent runs, or attempts with the verifications of their runs. */
export type HistoryAnswer =
  | { runs: UnitRun[] }
  | { attempts: UpgradeAttempt[]; verifications: VerificationRecord[] }
  | { run: UnitRun | null; attempts: UpgradeAttempt[]; verifications: VerificationRecord[] };

/** The answer as aligned tables: runs; or attempts, then how each verified upgrade compared. */
export function formatHistory(answer: HistoryAnswer): string {
  if ('runs' in answer) return formatRuns(answer.runs);
  const header = 'run' in answer && answer.run ? `Run ${answer.run.runId}: ${answer.run.outcome}\n\n` : '';
  const attempts =
    answer.attempts.length === 0 ? 'No upgrade attempts recorded.\n' : formatAttempts(answer.attempts);
  const verifications =
    answer.verifications.length === 0 ? '' : `\nVerifications\n${formatVerifications(answer.verifications)}`;
  return `${header}${attempts}${verifications}`;
}

function formatRuns(runs: readonly UnitRun[]): string {
  if (runs.length === 0) return 'No runs recorded.\n';
  return textTable(
    ['STARTED', 'RUN', 'INSTANCE', 'TRIGGER', 'OUTCOME', 'MODELS', 'ERROR'],
    runs.map((run) => [
      run.startedAt,
      run.runId,
      run.instanceId,
      run.trigger ? `${run.trigger.type}:${run.trigger.id}` : '-',
      run.outcome,
      String(run.modelIds.length),
      run.error ?? '',
    ]),
  );
}

function formatAttempts(attempts: readonly UpgradeAttempt[]): string {
  return textTable(
    ['STARTED', 'MODEL', 'KIND', 'OUTCOME', 'VERSION AFTER', 'POLLS', 'TOOK', 'REASON'],
    attempts.map((a) => [
      a.startedAt,
      a.modelName || a.customizationId,
      a.kind,
      a.outcome,
      a.versionAfter ?? '-',
      String(a.polls),
      a.durationSeconds === undefined ? '-' : formatDuration(a.durationSeconds),
      truncate(a.error ? `${a.error}: ${a.reason ?? ''}` : (a.reason ?? ''), 70),
    ]),
  );
}

/** Words lost shown in a cell: the most frequent first, as the record orders them. */
const WORDS_SHOWN = 5;

function formatVerifications(records: readonly VerificationRecord[]): string {
  return textTable(
    ['VERIFIED', 'MODEL', 'OUTCOME', 'TEST SET', 'WER OLD -> NEW', 'WORDS LOST', 'NOTE'],
    records.map((r) => [
      r.verifiedAt,
      r.modelName || r.customizationId,
      r.outcome,
      r.testSet ?? '-',
      r.old && r.new ? `${percent(r.old.wer)} -> ${percent(r.new.wer)}` : '-',
      wordsLost(r),
      truncate(note(r), 90),
    ]),
  );
}

function wordsLost(record: VerificationRecord): string {
  if (record.wordsLost.length === 0) return '-';
  const shown = record.wordsLost.slice(0, WORDS_SHOWN).map(({ word, count }) => `${word} (${count})`);
  const more = record.wordsLost.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? `, +${more} more` : ''}`;
}

/** For a regression the pin that keeps clients on the old version; otherwise why it was not scored. */
function note(record: VerificationRecord): string {
  if (record.outcome === 'regressed' && record.old)
    return `clients can pin base_model_version=${record.old.version}`;
  return record.reason ?? '';
}
