import { ErrorName, InvalidInputError, UpgraderError, unknownInstanceIssue } from '../contract/errors.js';
import type { CustomModel } from '../model/custom-model.js';
import { type InstanceSettings, retrainOptedIn } from '../settings/instance-settings.js';
import type { FleetInput } from './fleet-input.js';
import { type FleetPlanRecord, LISTED_MAX, type UnreachableInstance } from './fleet-records.js';
import { type ProbeFindings, type ProbeReading, probeTotals } from './probe.js';
import type { ModelPairing } from './unit-grouping.js';
import {
  type InstanceModels,
  MAX_PAGES_PER_FLEET,
  paginateUnits,
  type UnitPage,
  type UnitSelection,
} from './unit-selection.js';

/**
 * The decisions of a fleet run's first state around the planner itself: which instances it covers,
 * which failures leave an instance out rather than fail the run, which probe failures are counted,
 * how many pages one run may hold, and which regression gate applies.
 */

/** An instance the run may cover, as configured. */
export interface ConfiguredInstance {
  readonly id: string;
  readonly pairings: readonly ModelPairing[];
}

/**
 * The instances the input names, in configured order; every configured one when it names none.
 * An unknown id is `InvalidInput` of `input` (the upgrade fleet's, or the migration fleet's).
 */
export function selectInstances<I extends Pick<ConfiguredInstance, 'id'>>(
  configured: readonly I[],
  instanceIds: FleetInput['instanceIds'],
  input = 'Fleet input',
): readonly I[] {
  if (!instanceIds) return configured;
  const unknown = instanceIds.filter((id) => !configured.some((instance) => instance.id === id));
  if (unknown.length > 0) {
    throw new InvalidInputError(
      input,
      unknown.map((id) => `instanceIds: ${unknownInstanceIssue(id)}`),
    );
  }
  return configured.filter((instance) => instanceIds.includes(instance.id));
}

/**
 * An instance whose models could not be listed: a passing fault (`Transient`) and an unexpected
 * error are the state machine's to retry or fail, so they give `undefined` and the caller raises
 * them; any other named failure (credentials, URL, secret) is this instance's own problem and must
 * not keep the other instances from their upgrades.
 */
export function unreachableInstance(instanceId: string, error: unknown): UnreachableInstance | undefined {
  if (!(error instanceof UpgraderError) || error.name === ErrorName.Transient) return undefined;
  return { instanceId, error: error.name, cause: error.message };
}

/**
 * A model the probe could not recognise with is counted, never a reason to fail the plan; an
 * unexpected error gives `undefined` and the caller raises it.
 */
export function failedProbeReading(customizationId: string, error: unknown): ProbeReading | undefined {
  return error instanceof UpgraderError ? { customizationId, warnings: null } : undefined;
}

/** What the planner is told of one instance, from what was read of it. */
export function instanceListing(reads: {
  readonly instanceId: string;
  readonly languageModels: readonly CustomModel[];
  readonly acousticModels: readonly CustomModel[];
  readonly pairings: readonly ModelPairing[];
  readonly languageModelStepsDone: ReadonlySet<string>;
  readonly settings: Pick<InstanceSettings, 'retrainImprovedModels'>;
  readonly runRetrains: boolean | undefined;
  readonly retrainDates: Readonly<Record<string, string>>;
  readonly probe: ProbeFindings | undefined;
}): InstanceModels {
  return {
    instanceId: reads.instanceId,
    languageModels: reads.languageModels,
    acousticModels: reads.acousticModels,
    ...(reads.probe ? { probedBehind: reads.probe.behind } : {}),
    pairings: reads.pairings,
    languageModelStepsDone: reads.languageModelStepsDone,
    ...(retrainOptedIn(reads.runRetrains, reads.settings) ? { retrainDates: reads.retrainDates } : {}),
  };
}

/** The selected units in pages; a run that would exceed what one execution's history holds is refused. */
export function fleetPages(fleetRunId: string, selection: Pick<UnitSelection, 'units'>): UnitPage[] {
  const pages = paginateUnits(fleetRunId, selection.units);
  if (pages.length > MAX_PAGES_PER_FLEET) {
    throw new InvalidInputError('Fleet input', [
      `selects ${selection.units.length} units in ${pages.length} pages; one fleet run takes at most ${MAX_PAGES_PER_FLEET} pages: narrow it with instanceIds or baseModels`,
    ]);
  }
  return pages;
}

/** What the fleet run records of its plan (the selection, paged): counts exact, lists capped; the run's own gate beats the config's. */
export function fleetPlanRecord(
  selection: UnitSelection,
  pageCount: number,
  context: {
    readonly unreachableInstances: readonly UnreachableInstance[];
    readonly probes: readonly ProbeFindings[];
    readonly runMaxRegressedUnits: number | undefined;
    readonly configMaxRegressedUnits: number | undefined;
  },
): FleetPlanRecord {
  return {
    instances: selection.instances,
    unitCount: selection.units.length,
    pageCount,
    opaqueCount: selection.opaque.length,
    opaque: selection.opaque.slice(0, LISTED_MAX).map((m) => ({ ...m, versions: [...m.versions] })),
    pairingProblemCount: selection.pairingProblems.length,
    pairingProblems: selection.pairingProblems
      .slice(0, LISTED_MAX)
      .map((p) => ({ instanceId: p.instanceId, problem: p.problem })),
    targets: selection.targets,
    unreachableInstances: [...context.unreachableInstances],
    maxRegressedUnits: context.runMaxRegressedUnits ?? context.configMaxRegressedUnits ?? null,
    ...(context.probes.length > 0 ? { probe: probeTotals(context.probes) } : {}),
  };
}
