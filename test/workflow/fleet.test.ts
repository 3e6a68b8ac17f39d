import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSttConnection } from '#adapters/stt/index.js';
import { fleetSummarySchema } from '#core/fleet/fleet-records.js';
import { startSimulator } from '#simulator/index.js';
import {
  base,
  type FleetHarness,
  instanceId,
  nextId,
  release,
  releaseNotesUrl,
  seedBehindRelease,
  smallLanguageModels,
  startFleetHarness,
} from './fleet-harness.js';

const maxConcurrency = 4;
const LM = nextId('0a');
const AM = nextId('0b');

let h: FleetHarness;
beforeAll(async () => {
  h = await startFleetHarness({
    fleetMaxConcurrency: maxConcurrency,
    pairings: [{ acousticModelId: AM, languageModelId: LM }],
  });
});
afterAll(async () => {
  await h.stop();
});

const releaseInput = (entryId: string, extra: Record<string, unknown> = {}) => ({
  trigger: { type: 'release', id: entryId },
  baseModels: [base],
  releaseDates: { [base]: '2026-11-24' },
  ...extra,
});
const scheduleInput = (date: string) => ({ trigger: { type: 'schedule', id: date } });
const summaryOf = (output: unknown) => fleetSummarySchema.parse(output);

describe('fleet workflow, synthesized definition run locally against the simulator', () => {
  it('runs a fleet of one unit: language model, then its acoustic model twice, recorded on the fleet run', async () => {
    seedBehindRelease(h, {
      languageModels: [
        { customizationId: LM, name: 'calls', baseModelName: base, version: 'v2020-01-16', words: 20 },
      ],
      acousticModels: [
        {
          customizationId: AM,
          name: 'audio',
          baseModelName: base,
          version: 'v2020-01-16',
          audioMinutes: 2,
          trainedWithLanguageModel: LM,
        },
      ],
    });
    const result = await h.upgrader.runFleet(releaseInput('one-unit'), { name: 'release-one-unit' });
    expect(result.status).toBe('SUCCEEDED');
    expect(summaryOf(result.output)).toMatchObject({
      fleetRunId: 'release-one-unit',
      status: 'AllUnitsSucceeded',
      units: { planned: 1, succeeded: 1, failed: 0, unreported: 0, notStarted: 0 },
      models: { upgraded: 2, failed: 0 },
    });
    expect(result.childExecutions).toHaveLength(1);
    const calls = h.upgradeCalls();
    expect(calls.get(LM)).toEqual(['upgrade_language_model']);
    expect(calls.get(AM)).toEqual([
      'upgrade_acoustic_model',
      `upgrade_acoustic_model?custom_language_model_id=${LM}`,
    ]);
    const run = await h.upgrader.history.fleet.requireRun('release-one-unit');
    expect(run).toMatchObject({
      outcome: 'succeeded',
      unitsSucceeded: 1,
      unitsFailed: 0,
      plan: { unitCount: 1, pageCount: 1 },
      summary: { status: 'AllUnitsSucceeded' },
    });
    expect(h.simulator.model(AM)?.versions).toContain(`${base}.${release}`);
  });

  it('runs 50 units, never more upgrades at IBM at once than maxConcurrency', async () => {
    // Upgrades of about half an hour (0.1 s here) overlap however loaded the machine is.
    const models = smallLanguageModels(50).map((model) => ({ ...model, words: 40_000 }));
    seedBehindRelease(h, { languageModels: models });
    const result = await h.upgrader.runFleet(releaseInput('fifty'), { name: 'release-fifty' });
    expect(result.status).toBe('SUCCEEDED');
    expect(summaryOf(result.output).units).toEqual({
      planned: 50,
      succeeded: 50,
      failed: 0,
      unreported: 0,
      notStarted: 0,
    });
    expect(result.childExecutions).toHaveLength(50);
    const calls = h.upgradeCalls();
    for (const model of models)
      expect(calls.get(model.customizationId ?? '')).toEqual(['upgrade_language_model']);
    const { peakUpgradesInFlight } = h.simulator.stats();
    expect(peakUpgradesInFlight).toBeLessThanOrEqual(maxConcurrency);
    expect(peakUpgradesInFlight).toBeGreaterThan(1);
  });

  it('goes on past a failing unit and names it, with its model and reason, in the output', async () => {
    const models = smallLanguageModels(8);
    seedBehindRelease(h, { languageModels: models });
    const failing = models[3]?.customizationId ?? '';
    h.simulator.addFaults([
      { kind: 'upgrade-fails', match: { customizationId: failing }, error: 'disk full on the upgrade node' },
    ]);
    const result = await h.upgrader.runFleet(releaseInput('one-fails'), { name: 'release-one-fails' });
    expect(result.status).toBe('SUCCEEDED');
    const summary = summaryOf(result.output);
    expect(summary.status).toBe('FleetHadFailures');
    expect(summary.units).toEqual({ planned: 8, succeeded: 7, failed: 1, unreported: 0, notStarted: 0 });
    expect(summary.failedUnits).toHaveLength(1);
    expect(summary.failedUnits[0]).toMatchObject({
      instanceId,
      modelIds: [failing],
      failures: [{ customizationId: failing, error: 'UpgradeFailed' }],
    });
    expect(summary.failedUnits[0]?.failures[0]?.cause).toMatch(/disk full on the upgrade node/);
    for (const model of models.filter((m) => m.customizationId !== failing)) {
      expect(h.simulator.model(model.customizationId ?? '')?.versions).toContain(`${base}.${release}`);
    }
    const run = await h.upgrader.history.fleet.requireRun('release-one-fails');
    expect(run).toMatchObject({ unitsSucceeded: 7, unitsFailed: 1, summary: { status: 'FleetHadFailures' } });
  });

  it('upgrades each model once when a release fleet is triggered three times and a scan runs at the same moment', async () => {
    const models = smallLanguageModels(24).map((m) => ({ ...m, words: 3000 }));
    const upgraded = seedBehindRelease(h, { languageModels: models }, { withUpgradedModel: true });
    const name = 'release-entry-2026-11-24';
    const [first, second, third, scan] = await Promise.all([
      h.upgrader.runFleet(releaseInput('entry-2026-11-24'), { name }),
      h.upgrader.runFleet(releaseInput('entry-2026-11-24'), { name }),
      h.upgrader.runFleet(releaseInput('entry-2026-11-24'), { name }),
      h.upgrader.runFleet(scheduleInput('2026-12-01'), { name: 'schedule-2026-12-01' }),
    ]);
    // The same name and input while running is the same execution, as StartExecution answers.
    expect(new Set([first, second, third].map((r) => r?.executionArn)).size).toBe(1);
    expect(first?.status).toBe('SUCCEEDED');
    expect(scan?.status).toBe('SUCCEEDED');
    await expect(h.upgrader.runFleet(releaseInput('entry-2026-11-24'), { name })).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
    const calls = h.upgradeCalls();
    expect(calls.has(upgraded ?? '')).toBe(false);
    for (const model of models)
      expect(calls.get(model.customizationId ?? '')).toEqual(['upgrade_language_model']);
    // Both fleets planned every model; between them each was upgraded once and skipped once.
    const release1 = summaryOf(first?.output);
    const scan1 = summaryOf(scan?.output);
    expect(release1.units.planned).toBe(24);
    expect(scan1.units.planned).toBe(24);
    expect(release1.models.upgraded + scan1.models.upgraded).toBe(24);
    expect(release1.models.skipped + scan1.models.skipped).toBe(24);
  });

  it('ends a scan that finds nothing behind with no units, and says so', async () => {
    seedBehindRelease(h, {
      languageModels: smallLanguageModels(3).map((m) => ({ ...m, version: release })),
    });
    const result = await h.upgrader.runFleet(scheduleInput('2026-12-02'), { name: 'schedule-2026-12-02' });
    expect(result.status).toBe('SUCCEEDED');
    const summary = summaryOf(result.output);
    expect(summary).toMatchObject({ status: 'NothingToUpgrade', units: { planned: 0 } });
    expect(summary.message).toMatch(/no custom model is behind/);
    expect(result.childExecutions).toEqual([]);
    expect(h.simulator.requestLog().map((e) => e.operation)).toEqual([
      'list_language_models',
      'list_acoustic_models',
    ]);
    const run = await h.upgrader.history.fleet.requireRun('schedule-2026-12-02');
    expect(run.plan).toMatchObject({
      unitCount: 0,
      pageCount: 0,
      instances: [{ modelsConsidered: 3, modelsBehind: 0 }],
    });
  });

  it('records the plan of a dry run and upgrades nothing', async () => {
    const models = smallLanguageModels(5);
    seedBehindRelease(h, { languageModels: models });
    const result = await h.upgrader.runFleet(releaseInput('dry', { options: { dryRun: true } }), {
      name: 'release-dry',
    });
    expect(result.status).toBe('SUCCEEDED');
    expect(summaryOf(result.output)).toMatchObject({
      status: 'AllUnitsSucceeded',
      dryRun: true,
      units: { planned: 5, succeeded: 5 },
      models: { upgraded: 0, skipped: 5 },
    });
    expect(h.upgradeCalls().size).toBe(0);
    const run = await h.upgrader.history.fleet.requireRun('release-dry');
    expect(run).toMatchObject({
      dryRun: true,
      plan: { unitCount: 5, pageCount: 1, instances: [{ instanceId, modelsConsidered: 5, modelsBehind: 5 }] },
    });
    const [page] = await h.upgrader.history.fleet.pages('release-dry');
    expect(page?.units.map((u) => u.languageModelId)).toEqual(models.map((m) => m.customizationId));
    expect(page?.units.every((u) => u.options.dryRun)).toBe(true);
  });

  it('lets a scheduled scan find models behind a release entry the watcher stored earlier', async () => {
    seedBehindRelease(h, {
      languageModels: [
        { customizationId: LM, name: 'calls', baseModelName: base, version: 'v2020-01-16', words: 20 },
      ],
    });
    const before = await h.upgrader.runFleet(scheduleInput('2026-11-25'), { name: 'schedule-before-entry' });
    expect(summaryOf(before.output)).toMatchObject({ status: 'NothingToUpgrade' });
    await h.upgrader.history.putReleaseEntry({
      source: releaseNotesUrl,
      entryId: 'en-us-broadband-update',
      firstSeenAt: '2026-11-24T00:00:00.000Z',
      entry: {
        date: '2026-11-24',
        release: null,
        title: 'US English broadband model updated',
        baseModels: [base],
        upgradeRequired: true,
        customModelTypes: ['language', 'acoustic'],
      },
    });
    const after = await h.upgrader.runFleet(scheduleInput('2026-11-26'), { name: 'schedule-after-entry' });
    expect(summaryOf(after.output)).toMatchObject({ status: 'AllUnitsSucceeded', models: { upgraded: 1 } });
    expect(h.upgradeCalls().get(LM)).toEqual(['upgrade_language_model']);
  });

  it('plans around an instance it cannot list, names it, and upgrades the others', async () => {
    const locked = await startSimulator({ auth: { kind: 'basic', apikey: 'right-key' } });
    const two = await startFleetHarness({
      fleetMaxConcurrency: 2,
      otherInstances: [
        {
          id: 'locked-instance',
          connection: parseSttConnection({
            serviceUrl: locked.url,
            auth: { type: 'basic', username: 'apikey', password: 'wrong-key' },
          }),
        },
      ],
    });
    try {
      const models = smallLanguageModels(2);
      seedBehindRelease(two, { languageModels: models });
      const result = await two.upgrader.runFleet(releaseInput('two-instances'), {
        name: 'release-two-instances',
      });
      expect(result.status).toBe('SUCCEEDED');
      const summary = summaryOf(result.output);
      expect(summary).toMatchObject({ status: 'FleetHadFailures', models: { upgraded: 2 } });
      expect(summary.unreachableInstances).toEqual([
        expect.objectContaining({ instanceId: 'locked-instance', error: 'AuthFailed' }),
      ]);
      expect(summary.message).toContain('1 instance(s) could not be listed');
    } finally {
      await two.stop();
      await locked.stop();
    }
  });
});
