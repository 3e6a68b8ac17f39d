import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetSummarySchema } from '#core/fleet/fleet-records.js';
import {
  base,
  type FleetHarness,
  instanceId,
  nextId,
  oldVersion,
  release,
  seedBehindRelease,
  startFleetHarness,
} from './fleet-harness.js';

let h: FleetHarness;
beforeAll(async () => {
  h = await startFleetHarness({ fleetMaxConcurrency: 2 });
});
afterAll(async () => {
  await h.stop();
});

const scheduleInput = (date: string) => ({ trigger: { type: 'schedule', id: date } });

/** Resolves once IBM has been asked for `count` upgrades: the fleet is then mid-run. */
async function upgradesRequested(count: number): Promise<void> {
  while ([...h.upgradeCalls().values()].flat().length < count) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('stopping a run', () => {
  it('stops a fleet mid-run: its units are closed RunAbandoned with their claims released, and a scan started right after upgrades every model once', async () => {
    // Lone acoustic models whose upgrades take about five hours (a second here): two are in flight at IBM when the fleet stops.
    const models = Array.from({ length: 6 }, (_, n) => ({
      customizationId: nextId('0c'),
      name: `am-${n}`,
      baseModelName: base,
      version: oldVersion,
      audioMinutes: 300,
    }));
    seedBehindRelease(h, { acousticModels: models }, { withUpgradedModel: true });
    const running = h.upgrader.runFleet(scheduleInput('2026-12-01'), { name: 'schedule-stopped' });
    await upgradesRequested(2);

    const stopped = await h.upgrader.stopExecution('schedule-stopped', {
      error: 'OperatorStop',
      cause: 'stopped from the test',
    });
    expect(stopped).toMatchObject({ status: 'ABORTED', error: 'OperatorStop' });
    expect(await running).toBe(stopped);

    const unitRuns = await h.upgrader.history.fleet.unitRuns('schedule-stopped');
    expect(unitRuns.length).toBeGreaterThanOrEqual(2);
    for (const { unitRunId } of unitRuns) {
      const run = await h.upgrader.history.getRun(unitRunId);
      expect(run).toMatchObject({ outcome: 'failed', error: 'RunAbandoned' });
      for (const customizationId of run?.modelIds ?? []) {
        expect(await h.upgrader.history.claims(instanceId, customizationId)).toEqual([]);
      }
    }
    expect(await h.upgrader.history.fleet.getRun('schedule-stopped')).toMatchObject({
      outcome: 'failed',
      error: 'RunAbandoned',
    });
    const scan = await h.upgrader.runFleet(scheduleInput('2026-12-02'), { name: 'schedule-after-stop' });
    expect(scan.status).toBe('SUCCEEDED');
    expect(fleetSummarySchema.parse(scan.output)).toMatchObject({ units: { failed: 0, unreported: 0 } });
    const calls = h.upgradeCalls();
    for (const model of models) {
      expect(calls.get(model.customizationId)).toEqual(['upgrade_acoustic_model']);
      expect(h.simulator.model(model.customizationId)?.versions).toContain(`${base}.${release}`);
    }
  });
});
