import type { FleetInput } from '#core/fleet/fleet-input.js';
import { type FleetRun, fleetSummarySchema } from '#core/fleet/fleet-records.js';
import { newestVersionsSeen } from '#core/fleet/newest-versions.js';
import { type ModelStanding, modelStanding } from '#core/fleet/unit-selection.js';
import type { UpgradeAttempt } from '#core/history/history-records.js';
import { newestVersion } from '#core/model/base-model-version.js';
import type { CustomModel } from '#core/model/custom-model.js';
import { type LocalRun, requireSucceeded, selectedBy } from '#local/local-fleet-run.js';

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
