import type { MigrationPlan } from '#core/migration/index.js';
import { textTable, truncate } from './text-table.js';

const usd = (value: number) => `$${value.toFixed(2)}`;
const minutes = (value: number) => value.toFixed(1);

/** The migration plan as an aligned table, one row per model, then what is left behind and the totals. */
export function formatMigrationPlan(plan: MigrationPlan): string {
  const rows = plan.models.map((m) => [
    truncate(m.name || m.customizationId, 28),
    m.baseModelName,
    m.target ?? '-',
    m.action === 'resume' ? `resume ${m.newModel.existingId}` : m.action,
    String(m.words.length),
    String(m.corpora.length),
    String(m.leftBehind.length),
    m.testSet ?? '-',
    minutes(m.cost.trainingMinutes),
    minutes(m.cost.recognitionMinutes),
    usd(m.cost.usd),
  ]);
  const table =
    rows.length === 0
      ? 'No previous- or next-generation custom language models on this instance.\n'
      : textTable(
          [
            'MODEL',
            'BASE MODEL',
            'LSM',
            'ACTION',
            'WORDS',
            'CORPORA',
            'LEFT',
            'TEST SET',
            'TRAIN MIN',
            'RECOG MIN',
            'COST',
          ],
          rows,
        );
  const details = plan.models.flatMap((m) => [
    ...(m.blocked ? [`${m.name}: blocked, ${m.blocked.error}: ${m.blocked.reason}`] : []),
    ...(m.target ? [`${m.name}: ${m.baseModelName} -> ${m.target} (${m.targetNote})`] : []),
    ...m.leftBehind.map((l) => `${m.name}: not carried, ${l.kind} ${l.name}: ${l.reason}`),
  ]);
  const { totals } = plan;
  return (
    `${table}\n${details.map((line) => `${line}\n`).join('')}${details.length > 0 ? '\n' : ''}` +
    `Migration plan for ${plan.instanceId}: ${totals.migrate} to create, ${totals.resume} to resume, ${totals.blocked} blocked.\n` +
    `Custom language models: ${plan.languageModels} of ${plan.limit}; room for ${plan.roomBefore} now, ${plan.roomAfter} after.\n` +
    `Expected at IBM: ${minutes(totals.trainingMinutes)} training minutes, ${minutes(totals.recognitionMinutes)} recognition minutes, ${usd(totals.usd)}.\n` +
    'Nothing was changed. The source models are never changed by a migration.\n'
  );
}
