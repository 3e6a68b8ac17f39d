import { hasVersion, isBehind, newestVersion } from '../model/base-model-version.js';
import type { CustomModel } from '../model/custom-model.js';
import { familyOf, refusedOperation, UpgradedPast } from '../model/index.js';
import { languageModelStepKey, owesLanguageModelStep } from '../unit/language-model-step.js';
import { type UpgradeUnitInput, unitOptionsSchema } from '../unit/unit-input.js';
import type { FleetInput } from './fleet-input.js';
import { newestVersionsSeen } from './newest-versions.js';
import { groupIntoUnits, type ModelPairing, type PairingProblem } from './unit-grouping.js';

/** The custom models of one instance as listed at planning time, with the pairings the operator declared. */
export interface InstanceModels {
  readonly instanceId: string;
  readonly languageModels: readonly CustomModel[];
  readonly acousticModels: readonly CustomModel[];
  readonly pairings: readonly ModelPairing[];
  /** With-language-model steps the history records done, as `customizationId#version` (see language-model-step.ts). */
  readonly languageModelStepsDone: ReadonlySet<string>;
  /**
   * Announced retrain dates per improved base model, where this run may retrain (opted in): a language
   * model last updated before its base model's date is behind.
   */
  readonly retrainDates?: Readonly<Record<string, string>>;
  /** Models IBM itself said are built on an older version of their base model (the probe). */
  readonly probedBehind?: ReadonlySet<string>;
}

/**
 * Where a model stands against what is known of its base model. `opaque`: nothing it lists can be
 * ordered against the target (e.g. `v07-06082016.06202016`), so it is reported, never guessed.
 * `no-newer-known`: no target, release date or newer version on another model says it is behind.
 */
export type ModelStanding = 'behind' | 'current' | 'opaque' | 'no-newer-known';

/** A model whose versions could not be ordered: listed in the plan record for an operator to look at. */
export interface OpaqueModel {
  readonly instanceId: string;
  readonly customizationId: string;
  readonly kind: CustomModel['kind'];
  readonly baseModelName: string;
  readonly versions: readonly string[];
}

export interface InstanceSelectionCounts {
  readonly instanceId: string;
  /** Models left after the `baseModels` / `customizationIds` filters. */
  readonly modelsConsidered: number;
  readonly modelsBehind: number;
  readonly units: number;
}

export interface UnitSelection {
  /** Units with at least one model behind, in instance order then the order IBM listed them. */
  readonly units: UpgradeUnitInput[];
  readonly instances: InstanceSelectionCounts[];
  readonly opaque: OpaqueModel[];
  readonly pairingProblems: (PairingProblem & { readonly instanceId: string })[];
  /** The version each base model is upgraded to per instance, where one is known. */
  readonly targets: Record<string, Record<string, string>>;
}

/**
 * The version suffix a base model's models should reach: the one the trigger named, else the newest
 * dated version another custom model already has, if it is no older than an announced release date.
 * Units carry it so that two fleets planning the same model claim the same (model, step, target), and
 * a unit that starts after another run upgraded its model finds it on target and skips.
 */
function resolveTarget(input: FleetInput, seen: Record<string, string>, base: string): string | undefined {
  const named = input.targetVersions[base];
  if (named) return named;
  const newest = seen[base];
  if (!newest) return undefined;
  const released = input.releaseDates[base];
  const seenDate = newest.slice(1);
  return released === undefined || seenDate >= released ? newest : undefined;
}

/** Whether one model is behind, by the first rule that applies: named target, release date, newest seen. */
export function modelStanding(
  model: Pick<CustomModel, 'baseModelName' | 'versions'>,
  input: Pick<FleetInput, 'targetVersions' | 'releaseDates'>,
  seen: Record<string, string>,
): ModelStanding {
  const base = model.baseModelName;
  const named = input.targetVersions[base];
  if (named) return standingOf(isBehind(model, { suffix: named }));
  const released = input.releaseDates[base];
  if (released) {
    const { newest } = newestVersion(model.versions, base);
    if (!newest?.releaseDate) return 'opaque';
    return newest.releaseDate < released ? 'behind' : 'current';
  }
  const newestSeen = seen[base];
  if (!newestSeen) return 'no-newer-known';
  return standingOf(isBehind(model, { suffix: newestSeen }));
}

function standingOf(standing: 'behind' | 'current' | 'unknown'): ModelStanding {
  return standing === 'unknown' ? 'opaque' : standing;
}

/**
 * Selects a fleet run's units: per instance, the models the input selects, which of them are
 * behind, and the upgrade units (configured pairings) that hold at least one of those. Pure: the
 * handler lists the models and writes the selection.
 */
export function selectUnits(input: FleetInput, instances: readonly InstanceModels[]): UnitSelection {
  const units: UpgradeUnitInput[] = [];
  const counts: InstanceSelectionCounts[] = [];
  const opaque: OpaqueModel[] = [];
  const pairingProblems: UnitSelection['pairingProblems'] = [];
  const targets: UnitSelection['targets'] = {};
  const baseModels = input.baseModels ? new Set(input.baseModels) : undefined;
  const named = input.customizationIds ? new Set(input.customizationIds) : undefined;
  const selected = (model: CustomModel) =>
    (!baseModels || baseModels.has(model.baseModelName)) && (!named || named.has(model.customizationId));

  for (const instance of instances) {
    const all = [...instance.languageModels, ...instance.acousticModels];
    const seen = newestVersionsSeen(all);
    const upgradedPast = new UpgradedPast(all);
    const behind = new Set<string>();
    const paired = new Set(instance.pairings.map((pairing) => pairing.acousticModelId));
    let considered = 0;
    for (const model of all.filter(selected)) {
      considered++;
      // IBM has no acoustic customization for this family: nothing can be asked of such a model.
      if (model.kind === 'acoustic' && refusedOperation('acoustic', familyOf(model.baseModelName), 'cloud'))
        continue;
      const standing = modelStanding(model, input, seen);
      if (standing === 'behind') behind.add(model.customizationId);
      if (standing !== 'current' && upgradedPast.versionsPast(model).length > 0)
        behind.add(model.customizationId);
      // On its version, but IBM's third step never ran there: behind all the same.
      const owes = owesLanguageModelStep(model, paired.has(model.customizationId), (version) =>
        instance.languageModelStepsDone.has(languageModelStepKey(model.customizationId, version)),
      );
      if (owes && (standing === 'current' || standing === 'no-newer-known'))
        behind.add(model.customizationId);
      if (needsRetrain(model, instance.retrainDates)) behind.add(model.customizationId);
      if (instance.probedBehind?.has(model.customizationId)) behind.add(model.customizationId);
      if (standing === 'opaque') {
        const { instanceId } = instance;
        const { customizationId, kind, baseModelName, versions } = model;
        opaque.push({ instanceId, customizationId, kind, baseModelName, versions: [...versions] });
      }
    }
    const instanceTargets: Record<string, string> = {};
    for (const base of new Set(all.map((m) => m.baseModelName))) {
      const target = resolveTarget(input, seen, base);
      // IBM said a model on this version is behind: the newest version seen here is not the target.
      const refuted = all.some(
        (m) =>
          m.baseModelName === base &&
          instance.probedBehind?.has(m.customizationId) &&
          target !== undefined &&
          hasVersion(m.versions, base, target),
      );
      if (target && !refuted) instanceTargets[base] = target;
    }
    targets[instance.instanceId] = instanceTargets;

    const baseOf = new Map(all.map((m) => [m.customizationId, m.baseModelName]));
    const grouping = groupIntoUnits({
      instanceId: instance.instanceId,
      languageModels: instance.languageModels,
      acousticModels: instance.acousticModels,
      pairings: instance.pairings,
      trigger: input.trigger,
      options: unitOptionsSchema.parse({}),
    });
    for (const problem of grouping.problems)
      pairingProblems.push({ ...problem, instanceId: instance.instanceId });
    let instanceUnits = 0;
    for (const unit of grouping.units) {
      const ids = unitModelIds(unit);
      if (!ids.some((id) => behind.has(id))) continue;
      const unitTargets = Object.fromEntries(
        [...new Set(ids.map((id) => baseOf.get(id) ?? ''))]
          .filter((base) => instanceTargets[base] !== undefined)
          .map((base) => [base, instanceTargets[base] as string]),
      );
      units.push({ ...unit, options: unitOptions(input, unitTargets) });
      instanceUnits++;
    }
    counts.push({
      instanceId: instance.instanceId,
      modelsConsidered: considered,
      modelsBehind: behind.size,
      units: instanceUnits,
    });
  }
  return { units, instances: counts, opaque, pairingProblems, targets };
}

/** A language model of an improved base model, last trained before IBM announced the base model's update. */
export function needsRetrain(
  model: Pick<CustomModel, 'kind' | 'baseModelName' | 'updated'>,
  retrainDates: Readonly<Record<string, string>> | undefined,
): boolean {
  const announced = retrainDates?.[model.baseModelName];
  if (model.kind !== 'language' || announced === undefined || model.updated === undefined) return false;
  return model.updated.slice(0, 10) < announced;
}

export function unitModelIds(unit: Pick<UpgradeUnitInput, 'languageModelId' | 'acousticModels'>): string[] {
  return [
    ...(unit.languageModelId ? [unit.languageModelId] : []),
    ...unit.acousticModels.map((m) => m.customizationId),
  ];
}

function unitOptions(input: FleetInput, targetVersions: Record<string, string>): UpgradeUnitInput['options'] {
  const { dryRun, busyDeadlineSeconds, upgradeDeadlineSeconds, retrainImprovedModels, strictTraining } =
    input.options;
  return unitOptionsSchema.parse({
    dryRun,
    targetVersions,
    ...(retrainImprovedModels !== undefined ? { retrainImprovedModels } : {}),
    ...(strictTraining !== undefined ? { strictTraining } : {}),
    ...(busyDeadlineSeconds !== undefined ? { busyDeadlineSeconds } : {}),
    ...(upgradeDeadlineSeconds !== undefined ? { upgradeDeadlineSeconds } : {}),
  });
}

/** A page of units as the fleet's Distributed Map runs it: each unit knows its place in the fleet run. */
export interface UnitPage {
  /** 1-based. */
  readonly page: number;
  readonly units: UpgradeUnitInput[];
}

export interface PageLimits {
  readonly maxUnits: number;
  /** Serialized units of one page; the Map state's input adds only a few hundred bytes to it. */
  readonly maxBytes: number;
}

/**
 * At most 100 units and 64 KiB per page: a page is the Distributed Map's input (Step Functions' limit
 * is 256 KiB per payload) and one DynamoDB item (400 KB). The largest unit the schema allows (a
 * language model with 100 acoustic models) is under 9 KiB, so every unit fits a page of its own.
 */
export const defaultPageLimits: PageLimits = { maxUnits: 100, maxBytes: 64 * 1024 };

/**
 * The parent execution spends about 11 history events per page (Choice 2, Fetch task 5, Map 4) and,
 * with a retried fetch, up to 15; 1,600 pages x 15 = 24,000 plus ~20 fixed events stays under the
 * 25,000-event limit. 10,000 models make at most 100 pages (about 1,100 to 1,500 events).
 */
export const MAX_PAGES_PER_FLEET = 1_600;

const encoder = new TextEncoder();

/** Splits units into pages and writes each unit's fleet reference (run, page, index on the page). */
export function paginateUnits(
  fleetRunId: string,
  units: readonly UpgradeUnitInput[],
  limits: PageLimits = defaultPageLimits,
): UnitPage[] {
  const pages: UnitPage[] = [];
  let current: UpgradeUnitInput[] = [];
  let bytes = 2;
  const close = () => {
    if (current.length > 0) pages.push({ page: pages.length + 1, units: current });
    current = [];
    bytes = 2;
  };
  for (const unit of units) {
    const placed = (page: number, item: number): UpgradeUnitInput => ({
      ...unit,
      fleet: { runId: fleetRunId, page, item },
    });
    let size = encoder.encode(JSON.stringify(placed(pages.length + 1, current.length))).length + 1;
    if (current.length >= limits.maxUnits || (current.length > 0 && bytes + size > limits.maxBytes)) {
      close();
      size = encoder.encode(JSON.stringify(placed(pages.length + 1, 0))).length + 1;
    }
    current.push(placed(pages.length + 1, current.length));
    bytes += size;
  }
  close();
  return pages;
}
