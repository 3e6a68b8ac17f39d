import type { FleetRun, FleetUnitOutcome } from '#core/fleet/fleet-records.js';
import type { UnitRun, UpgradeAttempt } from '#core/history/history-records.js';
import { type ListedRun, listedRunId } from '#core/history/run-list.js';
import type { ModelRef } from '#core/model/model-reference.js';
import { percent, type VerificationRecord } from '#core/verification/index.js';
import { formatDuration, textTable, truncate } from './text-table.js';

/**
 * What `stt-upgrader history` answers: runs (the latest, or those of a trigger); a unit run, a fleet
 * run with its units, a model, or recent failures, with the attempts and their verifications.
 */
export type HistoryAnswer =
  | { runs: ListedRun[]; cut: number; trigger?: string }
  | { attempts: UpgradeAttempt[]; verifications: VerificationRecord[] }
  | { model: ModelRef; attempts: UpgradeAttempt[]; verifications: VerificationRecord[] }
  | { run: UnitRun; attempts: UpgradeAttempt[]; verifications: VerificationRecord[] }
  | {
      fleetRun: FleetRun;
      units: FleetUnitOutcome[];
      unitsCut: number;
      attempts: UpgradeAttempt[];
      verifications: VerificationRecord[];
    };

/** The answer as aligned tables: runs; or attempts, then how each verified upgrade compared. */
export function formatHistory(answer: HistoryAnswer): string {
  if ('runs' in answer) {
    const title = answer.trigger ? `Runs started by trigger ${answer.trigger}\n\n` : '';
    const cut =
      answer.cut > 0
        ? `\n${answer.cut} older run(s) not shown: --limit N for more, --since to narrow.\n`
        : '';
    return `${title}${formatRuns(answer.runs)}${cut}`;
  }
  const header = headerOf(answer);
  const attempts =
    answer.attempts.length === 0 ? 'No upgrade attempts recorded.\n' : formatAttempts(answer.attempts);
  const verifications =
    answer.verifications.length === 0 ? '' : `\nVerifications\n${formatVerifications(answer.verifications)}`;
  return `${header}${attempts}${verifications}`;
}

function headerOf(answer: Exclude<HistoryAnswer, { runs: ListedRun[] }>): string {
  if ('run' in answer)
    return `Unit run ${answer.run.runId}${dry(answer.run.dryRun)}: ${answer.run.outcome}\n\n`;
  if ('model' in answer) {
    const { model } = answer;
    return `Model ${model.modelName || model.customizationId} (${model.customizationId}) on ${model.instanceId}\n\n`;
  }
  if (!('fleetRun' in answer)) return '';
  const { fleetRun: run, units, unitsCut } = answer;
  const counts = `${run.unitsSucceeded} succeeded, ${run.unitsFailed} failed of ${run.plan.unitCount} unit(s)`;
  const table = textTable(
    ['UNIT RUN', 'OUTCOME', 'MODELS', 'UPGRADED', 'SKIPPED', 'FAILED'],
    units.map((u) => [
      u.unitRunId,
      u.notStarted ? 'not started' : u.outcome,
      String(u.modelIds.length),
      String(u.upgraded),
      String(u.skipped),
      String(u.failures.length),
    ]),
  );
  const cut = unitsCut > 0 ? `${unitsCut} more unit(s) not shown: --limit N for more.\n` : '';
  return (
    `Fleet run ${run.fleetRunId}${dry(run.dryRun)} (${run.trigger.type} ${run.trigger.id}): ${run.outcome}, ${counts}\n\n` +
    `${units.length > 0 ? table : ''}${cut}\n`
  );
}

const dry = (dryRun: boolean) => (dryRun ? ' (dry run)' : '');

function formatRuns(runs: readonly ListedRun[]): string {
  if (runs.length === 0) return 'No runs recorded.\n';
  return textTable(
    ['RECORDED', 'KIND', 'RUN', 'INSTANCE', 'TRIGGER', 'OUTCOME', 'MODELS', 'ERROR'],
    runs.map((listed) => {
      const { run } = listed;
      return [
        listed.recordedAt,
        listed.kind,
        listedRunId(listed),
        listed.kind === 'unit'
          ? listed.run.instanceId
          : listed.run.plan.instances.map((i) => i.instanceId).join(',') || '-',
        run.trigger ? `${run.trigger.type}:${run.trigger.id}` : '-',
        `${run.outcome}${dry(run.dryRun)}`,
        String(
          listed.kind === 'unit'
            ? listed.run.modelIds.length
            : listed.run.plan.instances.reduce((sum, i) => sum + i.modelsBehind, 0),
        ),
        listed.kind === 'unit' ? (listed.run.error ?? '') : '',
      ];
    }),
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
