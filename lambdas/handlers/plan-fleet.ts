import { z } from 'zod';
import { ErrorName, InvalidInputError, UpgraderError } from '#core/contract/errors.js';
import { parseOrThrow } from '#core/contract/parse.js';
import { type FleetInput, fleetInputSchema } from '#core/fleet/fleet-input.js';
import { type FleetPlanRecord, LISTED_MAX, type UnreachableInstance } from '#core/fleet/fleet-records.js';
import { cursorAfter } from '#core/fleet/page-cursor.js';
import {
  modelsToProbe,
  type ProbeFindings,
  type ProbeReading,
  probeFindings,
  probeRequest,
  probeTotals,
} from '#core/fleet/probe.js';
import {
  type InstanceModels,
  MAX_PAGES_PER_FLEET,
  paginateUnits,
  selectUnits,
} from '#core/fleet/unit-selection.js';
import type { CustomModel } from '#core/model/custom-model.js';
import {
  announcedReleaseDates,
  announcedRetrainDates,
  mergeReleaseDates,
} from '#core/release/announced-updates.js';
import { retrainOptedIn } from '#core/settings/instance-settings.js';
import { fleetRefSchema } from '#core/unit/unit-input.js';
import { awsFleetHandler, type FleetDeps, type FleetInstanceConfig } from './runtime/fleet-deps.js';
import { settleNotedAttempts } from './runtime/stopped-attempts.js';
import type { UnitHandler } from './runtime/unit-deps.js';

const eventSchema = z.object({
  input: z.unknown(),
  execution: z.object({ name: fleetRefSchema.shape.runId }),
});

/**
 * First state of a fleet run: lists the custom models of the selected instances, decides which are
 * behind, groups them into units and writes the units to the history table in pages. Returns only a
 * cursor: the units reach the Distributed Map one page at a time.
 */
export function planFleet(deps: FleetDeps): UnitHandler {
  return async (event) => {
    const { input: rawInput, execution } = parseOrThrow(eventSchema, event, 'plan-fleet input');
    const fleetRunId = execution.name;
    const input = parseOrThrow(fleetInputSchema, rawInput, 'Fleet input');
    const planned = await deps.history.fleet.getRun(fleetRunId);
    if (planned) return cursorAfter(fleetRunId, 0, planned.plan.pageCount);

    const stored = await Promise.all(
      deps.releaseNotesSources.map((source) => deps.history.releaseEntries(source)),
    );
    const releaseDates = mergeReleaseDates(
      input.releaseDates,
      announcedReleaseDates(stored.flat().map((record) => record.entry)),
    );
    const retrainDates = announcedRetrainDates(stored.flat().map((record) => record.entry));
    const instances = selectInstances(await deps.fleetInstances(), input);
    const listed: InstanceModels[] = [];
    const unreachableInstances: UnreachableInstance[] = [];
    const probes: ProbeFindings[] = [];
    for (const instance of instances) {
      try {
        const stt = await deps.stt(instance.id);
        const languageModels = await stt.listLanguageModels();
        const acousticModels = await stt.listAcousticModels();
        await settleStoppedRuns(deps, instance, [...languageModels, ...acousticModels]);
        const settings = await deps.instanceSettings(instance.id);
        const probe = settings.probeBehind
          ? await probeModels(deps, instance.id, [...languageModels, ...acousticModels])
          : undefined;
        if (probe) probes.push(probe);
        listed.push({
          instanceId: instance.id,
          languageModels,
          acousticModels,
          ...(probe ? { probedBehind: probe.behind } : {}),
          pairings: instance.pairings,
          languageModelStepsDone: await deps.history.languageModelSteps(instance.id),
          ...(retrainOptedIn(input.options.retrainImprovedModels, settings) ? { retrainDates } : {}),
        });
      } catch (error) {
        // A passing fault is retried by the state machine; anything else is this instance's own
        // problem (credentials, URL, secret) and must not keep the other instances from their upgrades.
        if (!(error instanceof UpgraderError) || error.name === ErrorName.Transient) throw error;
        unreachableInstances.push({ instanceId: instance.id, error: error.name, cause: error.message });
      }
    }
    const plan = selectUnits({ ...input, releaseDates }, listed);
    const pages = paginateUnits(fleetRunId, plan.units);
    if (pages.length > MAX_PAGES_PER_FLEET) {
      throw new InvalidInputError('Fleet input', [
        `selects ${plan.units.length} units in ${pages.length} pages; one fleet run takes at most ${MAX_PAGES_PER_FLEET} pages: narrow it with instanceIds or baseModels`,
      ]);
    }
    const record: FleetPlanRecord = {
      instances: plan.instances,
      unitCount: plan.units.length,
      pageCount: pages.length,
      opaqueCount: plan.opaque.length,
      opaque: plan.opaque.slice(0, LISTED_MAX).map((m) => ({ ...m, versions: [...m.versions] })),
      pairingProblemCount: plan.pairingProblems.length,
      pairingProblems: plan.pairingProblems
        .slice(0, LISTED_MAX)
        .map((p) => ({ instanceId: p.instanceId, problem: p.problem })),
      targets: plan.targets,
      unreachableInstances,
      maxRegressedUnits: input.options.maxRegressedUnits ?? deps.maxRegressedUnits ?? null,
      ...(probes.length > 0 ? { probe: probeTotals(probes) } : {}),
    };
    const { run } = await deps.history.fleet.recordPlan(
      {
        fleetRunId,
        trigger: input.trigger,
        dryRun: input.options.dryRun,
        startedAt: deps.clock.now().toISOString(),
        plan: record,
      },
      pages,
    );
    return cursorAfter(fleetRunId, 0, run.plan.pageCount);
  };
}

/**
 * Recognises the probe clip with each model core picks: a model the probe could not recognise
 * with is counted by core, never a reason to fail the plan.
 */
async function probeModels(
  deps: FleetDeps,
  instanceId: string,
  models: readonly CustomModel[],
): Promise<ProbeFindings> {
  const recognizer = await deps.recognizer(instanceId);
  const readings: ProbeReading[] = [];
  for (const model of modelsToProbe(models)) {
    try {
      const { warnings } = await recognizer.recognize(probeRequest(model));
      readings.push({ customizationId: model.customizationId, warnings });
    } catch (error) {
      if (!(error instanceof UpgraderError)) throw error;
      readings.push({ customizationId: model.customizationId, warnings: null });
    }
  }
  return probeFindings(readings);
}

/**
 * Before the plan decides which models are behind: what IBM finished for runs that were stopped is
 * recorded as theirs, so a model upgraded for a stopped run is not skipped as up to date unrecorded,
 * and its with-language-model step is not asked for again.
 */
function settleStoppedRuns(deps: FleetDeps, instance: FleetInstanceConfig, models: readonly CustomModel[]) {
  const pairedWith = (id: string) => instance.pairings.find((p) => p.acousticModelId === id)?.languageModelId;
  return settleNotedAttempts(deps.history, instance.id, models, pairedWith, deps.clock.now());
}

function selectInstances(configured: readonly FleetInstanceConfig[], input: FleetInput) {
  if (!input.instanceIds) return configured;
  const unknown = input.instanceIds.filter((id) => !configured.some((i) => i.id === id));
  if (unknown.length > 0) {
    throw new InvalidInputError(
      'Fleet input',
      unknown.map((id) => `instanceIds: no STT instance '${id}' is configured`),
    );
  }
  return configured.filter((instance) => input.instanceIds?.includes(instance.id));
}

export const handler = awsFleetHandler(planFleet);
