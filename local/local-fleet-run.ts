import path from 'node:path';
import type { FleetCommandOptions } from '#cli/fleet-options.js';
import type { RunReport } from '#cli/report/run-report.js';
import { textTable, truncate } from '#cli/report/text-table.js';
import { newestVersion } from '#core/base-model-version.js';
import type { Clock } from '#core/clock.js';
import type { CustomModel } from '#core/custom-model.js';
import { type FleetInput, fleetInputSchema } from '#core/fleet-input.js';
import { type ModelStanding, modelStanding } from '#core/fleet-plan.js';
import { type FleetRun, fleetSummarySchema } from '#core/fleet-records.js';
import type { UpgradeAttempt } from '#core/history-records.js';
import { newestVersionsSeen } from '#core/newest-versions.js';
import { connectionFromFlags } from './connection-flags.js';
import { startLocalDynamo } from './dynamodb/index.js';
import type { ExecutionResult } from './executor/index.js';
import { type LocalUpgrader, startLocalUpgrader } from './local-upgrader.js';
import { ModelProgressTracker } from './model-progress-tracker.js';
import { fleetUnits } from './run-fleet.js';
import { measured } from './run-units.js';

/** One model in a plan: where it stands against its base model, and what the dry run decided. */
export interface PlannedModel {
  readonly customizationId: string;
  readonly kind: string;
  readonly name: string;
  readonly baseModelName: string;
  readonly version: string | null;
  readonly target: string | null;
  readonly standing: ModelStanding;
  /** Why the model is behind, or why it is not. */
  readonly why: string;
  /** The unit's recorded decision for it (e.g. `dry run: would upgrade`); `not planned` outside units. */
  readonly decision: string;
}

export interface PlannedUnit {
  readonly unitRunId: string | null;
  readonly page: number;
  readonly item: number;
  readonly outcome: string;
  readonly models: readonly PlannedModel[];
}

/** What `plan` prints: the fleet run's units from its history records, and the models it left out. */
export interface FleetPlanReport {
  readonly fleetRunId: string;
  readonly instanceId: string;
  readonly trigger: string;
  readonly dryRun: boolean;
  readonly status: string;
  readonly message: string;
  readonly units: readonly PlannedUnit[];
  readonly notPlanned: readonly PlannedModel[];
  readonly pairingProblems: readonly string[];
}

/** The fleet input the flags describe; instances and pairings are local mode's own. */
export function fleetInputFromOptions(
  options: FleetCommandOptions,
  trigger: FleetInput['trigger'],
  dryRun: boolean,
  instanceIds?: string[],
): FleetInput {
  return fleetInputSchema.parse({
    trigger,
    ...(instanceIds ? { instanceIds } : {}),
    ...(options['base-model']?.length ? { baseModels: options['base-model'] } : {}),
    ...(options.model?.length ? { customizationIds: options.model } : {}),
    releaseDates: options['release-date'],
    targetVersions: options.target,
    options: { dryRun },
  });
}

interface LocalRun {
  readonly upgrader: LocalUpgrader;
  readonly tracker: ModelProgressTracker;
  readonly models: readonly CustomModel[];
  readonly instanceId: string;
}

/**
 * Runs `work` with the upgrader on this machine against the instance the flags name: handlers
 * in-process, history under `--data-dir`. The caller's clock drives waits (tests compress time).
 */
export async function withLocalUpgrader<T>(
  options: FleetCommandOptions,
  clock: Clock,
  work: (run: LocalRun) => Promise<T>,
): Promise<T> {
  const connection = connectionFromFlags(options);
  const instanceId = options['instance-id'] ?? 'local';
  const dynamo = await startLocalDynamo({
    path: path.join(path.resolve(options['data-dir']), 'dynamodb'),
  });
  try {
    const tracker = new ModelProgressTracker(() => clock.now().getTime());
    const upgrader = await startLocalUpgrader({
      instances: [{ id: instanceId, connection, pairings: options.pairing }],
      dynamoEndpoint: dynamo.endpoint,
      clock,
      onEvent: (execution, event) => {
        tracker.observe(event, execution.name);
      },
    });
    const stt = await upgrader.stt(instanceId);
    const [languageModels, acousticModels] = await Promise.all([
      stt.listLanguageModels(),
      stt.listAcousticModels(),
    ]);
    const models = [...languageModels, ...acousticModels];
    for (const model of models) tracker.introduce(model);
    return await work({ upgrader, tracker, models, instanceId });
  } finally {
    await dynamo.stop();
  }
}

/** The fleet execution's result, or an error that says how it ended. */
function requireSucceeded(result: ExecutionResult): ExecutionResult {
  if (result.status === 'SUCCEEDED') return result;
  throw new Error(
    `the fleet run ${result.name} ended ${result.status}: ${result.error ?? ''} ${result.cause ?? ''}`.trim(),
  );
}

/** Runs the fleet as a dry run and reads its plan back from the history records. */
export async function planLocally(run: LocalRun, input: FleetInput, name: string): Promise<FleetPlanReport> {
  const { upgrader, models, instanceId } = run;
  const fleet = requireSucceeded(await upgrader.runFleet(input, { name }));
  const summary = fleetSummarySchema.parse(fleet.output);
  const record = await upgrader.history.fleet.requireRun(summary.fleetRunId);
  const pages = await upgrader.history.fleet.pages(summary.fleetRunId);
  const outcomes = await upgrader.history.fleet.unitOutcomes(summary.fleetRunId);
  const seen = newestVersionsSeen(models);
  const byId = new Map(models.map((model) => [model.customizationId, model]));
  const targets = record.plan.targets[instanceId] ?? {};
  const describe = (model: CustomModel, decision: string): PlannedModel => {
    const standing = modelStanding(model, input, seen);
    return {
      customizationId: model.customizationId,
      kind: model.kind,
      name: model.name,
      baseModelName: model.baseModelName,
      version: versionOf(model),
      target: targets[model.baseModelName] ?? null,
      standing,
      why: whyText(model, standing, input, seen),
      decision,
    };
  };

  const planned = new Set<string>();
  const units: PlannedUnit[] = [];
  for (const page of pages.toSorted((a, b) => a.page - b.page)) {
    for (const [item, unit] of page.units.entries()) {
      const outcome = outcomes.find((o) => o.fleet.page === page.page && o.fleet.item === item);
      const attempts = outcome ? (await upgrader.history.runHistory(outcome.unitRunId)).attempts : [];
      const ids = [unit.languageModelId, ...unit.acousticModels.map((am) => am.customizationId)].filter(
        (id): id is string => id !== undefined,
      );
      units.push({
        unitRunId: outcome?.unitRunId ?? null,
        page: page.page,
        item,
        outcome: outcome?.outcome ?? 'unreported',
        models: ids.map((id) => {
          planned.add(id);
          const model = byId.get(id);
          const decision = decisionText(attempts.find((a) => a.customizationId === id));
          return model ? describe(model, decision) : unknownModel(id, decision);
        }),
      });
    }
  }
  const selected = selectedBy(input);
  return {
    fleetRunId: summary.fleetRunId,
    instanceId,
    trigger: `${record.trigger.type} ${record.trigger.id}`,
    dryRun: summary.dryRun,
    status: summary.status,
    message: summary.message,
    units,
    notPlanned: models
      .filter((model) => selected(model) && !planned.has(model.customizationId))
      .map((model) => describe(model, 'not planned')),
    pairingProblems: pairingProblemsOf(record),
  };
}

/** Runs the fleet for real and reports every model's outcome, as `npm start` does. */
export async function upgradeLocally(
  run: LocalRun,
  input: FleetInput,
  name: string,
  clock: Clock,
): Promise<RunReport> {
  const { upgrader, tracker, models } = run;
  return measured(
    upgrader.history,
    () => clock.now().getTime(),
    async () => {
      const fleet = requireSucceeded(await upgrader.runFleet(input, { name }));
      return fleetUnits(upgrader, fleet, tracker, models, selectedBy(input));
    },
    tracker,
  );
}

function selectedBy(input: FleetInput): (model: CustomModel) => boolean {
  const bases = input.baseModels ? new Set(input.baseModels) : undefined;
  const ids = input.customizationIds ? new Set(input.customizationIds) : undefined;
  return (model) => (!bases || bases.has(model.baseModelName)) && (!ids || ids.has(model.customizationId));
}

function pairingProblemsOf(record: FleetRun): string[] {
  return record.plan.pairingProblems.map((p) => `${p.instanceId}: ${p.problem}`);
}

function versionOf(model: CustomModel): string | null {
  const newest = newestVersion(model.versions, model.baseModelName).newest?.suffix;
  const last = model.versions.at(-1);
  return newest ?? (last ? last.slice(last.lastIndexOf('.') + 1) : null);
}

function whyText(
  model: CustomModel,
  standing: ModelStanding,
  input: FleetInput,
  seen: Record<string, string>,
): string {
  const base = model.baseModelName;
  switch (standing) {
    case 'behind': {
      const named = input.targetVersions[base];
      if (named) return `not yet on the target ${named}`;
      const released = input.releaseDates[base];
      if (released) return `${versionOf(model) ?? '?'} predates the release of ${released}`;
      return `another model is already on ${seen[base] ?? '?'}`;
    }
    case 'current':
      return 'on the newest known version';
    case 'opaque':
      return 'its versions cannot be ordered against the target';
    case 'no-newer-known':
      return 'no newer version of its base model is known';
  }
}

function decisionText(attempt: UpgradeAttempt | undefined): string {
  if (!attempt) return 'not checked';
  if (attempt.error) return `${attempt.outcome}: ${attempt.error}: ${attempt.reason ?? ''}`.trim();
  return attempt.reason ?? attempt.outcome;
}

function unknownModel(customizationId: string, decision: string): PlannedModel {
  return {
    customizationId,
    kind: '?',
    name: customizationId,
    baseModelName: '?',
    version: null,
    target: null,
    standing: 'no-newer-known',
    why: 'not listed by the instance when planning began',
    decision,
  };
}

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
  const notPlanned = plan.notPlanned.length > 0 ? `, ${plan.notPlanned.length} not planned` : '';
  return (
    `${table}\n${problems}` +
    `Plan ${plan.fleetRunId} (${plan.trigger}) on ${plan.instanceId}: ${plan.units.length} units, ` +
    `${behind} models behind${notPlanned}. Dry run: nothing was upgraded.\n` +
    (plan.units.length > 0 ? 'To upgrade them: stt-upgrader upgrade with the same flags and --yes.\n' : '')
  );
}
