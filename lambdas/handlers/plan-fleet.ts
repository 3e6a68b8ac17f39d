import { z } from 'zod';
import { parseOrThrow } from '#core/contract/parse.js';
import { fleetInputSchema } from '#core/fleet/fleet-input.js';
import {
  failedProbeReading,
  fleetPages,
  fleetPlanRecord,
  instanceListing,
  selectInstances,
  unreachableInstance,
} from '#core/fleet/fleet-planning.js';
import type { UnreachableInstance } from '#core/fleet/fleet-records.js';
import { cursorAfter } from '#core/fleet/page-cursor.js';
import {
  modelsToProbe,
  type ProbeFindings,
  type ProbeReading,
  probeFindings,
  probeRequest,
} from '#core/fleet/probe.js';
import { type InstanceModels, selectUnits } from '#core/fleet/unit-selection.js';
import type { CustomModel } from '#core/model/custom-model.js';
import {
  announcedReleaseDates,
  announcedRetrainDates,
  mergeReleaseDates,
} from '#core/release/announced-updates.js';
import { fleetRefSchema } from '#core/unit/unit-input.js';
import { awsFleetDeps } from './runtime/aws-deps.js';
import type { FleetDeps, FleetInstanceConfig } from './runtime/fleet-deps.js';
import { lambdaHandler } from './runtime/lambda-entry.js';
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
    const instances = selectInstances(await deps.fleetInstances(), input.instanceIds);
    const listed: InstanceModels[] = [];
    const unreachableInstances: UnreachableInstance[] = [];
    const probes: ProbeFindings[] = [];
    for (const instance of instances) {
      try {
        const stt = await deps.stt(instance.id);
        const listedAt = deps.clock.now();
        const languageModels = await stt.listLanguageModels();
        const acousticModels = await stt.listAcousticModels();
        await settleStoppedRuns(deps, instance, { models: [...languageModels, ...acousticModels], listedAt });
        const settings = await deps.instanceSettings(instance.id);
        const probe = settings.probeBehind
          ? await probeModels(deps, instance.id, [...languageModels, ...acousticModels])
          : undefined;
        if (probe) probes.push(probe);
        listed.push(
          instanceListing({
            instanceId: instance.id,
            languageModels,
            acousticModels,
            pairings: instance.pairings,
            languageModelStepsDone: await deps.history.languageModelSteps(instance.id),
            settings,
            runRetrains: input.options.retrainImprovedModels,
            retrainDates,
            probe,
          }),
        );
      } catch (error) {
        const unreachable = unreachableInstance(instance.id, error);
        if (!unreachable) throw error;
        unreachableInstances.push(unreachable);
      }
    }
    const selection = selectUnits({ ...input, releaseDates }, listed);
    const pages = fleetPages(fleetRunId, selection);
    const record = fleetPlanRecord(selection, pages.length, {
      unreachableInstances,
      probes,
      runMaxRegressedUnits: input.options.maxRegressedUnits,
      configMaxRegressedUnits: deps.maxRegressedUnits,
    });
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
      const failed = failedProbeReading(model.customizationId, error);
      if (!failed) throw error;
      readings.push(failed);
    }
  }
  return probeFindings(readings);
}

/**
 * Before the plan decides which models are behind: what IBM finished for runs that were stopped is
 * recorded as theirs, so a model upgraded for a stopped run is not skipped as up to date unrecorded,
 * and its with-language-model step is not asked for again.
 */
function settleStoppedRuns(
  deps: FleetDeps,
  instance: FleetInstanceConfig,
  listing: { readonly models: readonly CustomModel[]; readonly listedAt: Date },
) {
  const pairedWith = (id: string) => instance.pairings.find((p) => p.acousticModelId === id)?.languageModelId;
  return settleNotedAttempts(deps.history, instance.id, listing, pairedWith, deps.clock.now());
}

export const handler = lambdaHandler(awsFleetDeps, planFleet);
