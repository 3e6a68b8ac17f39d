import type { FleetPlanReport, PlannedModel } from './plan-report-data.js';
import { textTable, truncate } from './text-table.js';

/** The plan as an aligned table: one row per model, grouped by unit, then the models left out. */
export function formatPlan(plan: FleetPlanReport): string {
  const row = (unit: string, m: PlannedModel) => [
    unit,
    m.kind,
    truncate(m.name || m.customizationId, 28),
    m.baseModelName,
    m.version ?? '?',
    m.target ?? '-',
    truncate(m.decision, 40),
    truncate(m.why, 60),
  ];
  const rows = [
    ...plan.units.flatMap((unit, index) => unit.models.map((model) => row(String(index + 1), model))),
    ...plan.notPlanned.map((model) => row('-', model)),
  ];
  const behind = plan.units.reduce(
    (count, unit) => count + unit.models.filter((m) => m.standing === 'behind').length,
    0,
  );
  const table =
    rows.length === 0
      ? 'No models selected.\n'
      : textTable(['UNIT', 'KIND', 'MODEL', 'BASE MODEL', 'VERSION', 'TARGET', 'DECISION', 'WHY'], rows);
  const problems = plan.pairingProblems.map((problem) => `pairing problem: ${problem}\n`).join('');
  const lone = plan.units
    .filter((unit) => unit.models.every((m) => m.kind === 'acoustic'))
    .flatMap((unit) => unit.models.filter((m) => m.standing === 'behind'));
  const unpaired =
    lone.length === 0
      ? ''
      : `${lone.length} acoustic model(s) without a pairing (${lone.map((m) => m.name || m.customizationId).join(', ')}): ` +
        "each is upgraded alone and skips IBM's step with its custom language model; one trained with a " +
        'language model needs --pairing AM_ID=LM_ID (or the pairings of the deploy configuration).\n';
  const notPlanned = plan.notPlanned.length > 0 ? `, ${plan.notPlanned.length} not planned` : '';
  return (
    `${table}\n${problems}${unpaired}` +
    `Plan ${plan.fleetRunId} (${plan.trigger}) on ${plan.instanceId}: ${plan.units.length} units, ` +
    `${behind} models behind${notPlanned}. Dry run: nothing was upgraded.\n` +
    (plan.units.length > 0 ? 'To upgrade them: stt-upgrader upgrade with the same flags and --yes.\n' : '')
  );
}
