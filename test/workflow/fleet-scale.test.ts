import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetSummarySchema } from '#core/fleet/fleet-records.js';
import {
  base,
  type FleetHarness,
  release,
  seedBehindRelease,
  smallLanguageModels,
  startFleetHarness,
} from './fleet-harness.js';

const maxConcurrency = 40;
/**
 * Hang guard for 1,000 units: about 25 s alone on two cores, up to about 2 minutes with the other
 * core busy (CPU time per unit grows under contention too); five times that.
 */
const fleetTimeoutMs = 600_000;

let h: FleetHarness;
beforeAll(async () => {
  h = await startFleetHarness({ fleetMaxConcurrency: maxConcurrency });
});
afterAll(async () => {
  // Undefined when the harness itself failed to start; that failure is the one to report.
  await h?.stop();
});

describe('fleet workflow at scale', () => {
  it('upgrades 1,000 units over 10 pages, each model once, within maxConcurrency and small payloads', {
    timeout: fleetTimeoutMs,
  }, async () => {
    const models = smallLanguageModels(1_000);
    seedBehindRelease(h, { languageModels: models });
    const result = await h.upgrader.runFleet(
      { trigger: { type: 'release', id: 'thousand' }, releaseDates: { [base]: '2026-11-24' } },
      { name: 'release-thousand' },
    );
    expect(result.status).toBe('SUCCEEDED');
    const summary = fleetSummarySchema.parse(result.output);
    expect(summary.units).toEqual({
      planned: 1_000,
      succeeded: 1_000,
      failed: 0,
      unreported: 0,
      notStarted: 0,
    });
    expect(result.childExecutions).toHaveLength(1_000);
    const run = await h.upgrader.history.fleet.requireRun('release-thousand');
    expect(run.plan.pageCount).toBe(10);
    expect(run.unitsSucceeded).toBe(1_000);

    const calls = h.upgradeCalls();
    expect(calls.size).toBe(1_000);
    expect([...calls.values()].every((list) => list.length === 1)).toBe(true);
    expect(
      models.every((m) =>
        h.simulator.model(m.customizationId ?? '')?.versions.includes(`${base}.${release}`),
      ),
    ).toBe(true);
    expect(h.simulator.stats().peakUpgradesInFlight).toBeLessThanOrEqual(maxConcurrency);

    // The parent's events grow with pages, not units; no state's payload comes near 256 KiB.
    const mapRuns = result.events.filter(
      (e) => e.type === 'StateEntered' && 'state' in e && e.state.name === 'Run units',
    );
    expect(mapRuns).toHaveLength(10);
    expect(result.stateTransitions).toBeLessThan(60);
    const payloads = result.events.flatMap((e) =>
      [
        'input' in e ? e.input : null,
        'output' in e ? e.output : null,
        'state' in e ? e.state.input : null,
        'state' in e ? e.state.output : null,
      ].map((payload) => Buffer.byteLength(JSON.stringify(payload ?? null))),
    );
    const largest = Math.max(...payloads);
    // A page of 100 units is the largest payload: tens of KiB.
    expect(largest).toBeGreaterThan(10 * 1024);
    expect(largest).toBeLessThan(256 * 1024);
  });
});
