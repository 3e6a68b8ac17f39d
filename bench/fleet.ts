import { fleetSummarySchema } from '#core/fleet/fleet-records.js';
import { startTestBed } from '#testkit/local-fleet.js';
import type { Benchmark, BenchSection } from './benchmark.js';
import { formatCount } from './stats.js';

const base = 'en-US_BroadbandModel';
const defaultFleetSizes = [1_000, 10_000] as const;
const maxConcurrency = 40;

interface FleetFigures {
  readonly units: number;
  readonly pages: number;
  readonly seconds: number;
  readonly unitsPerSecond: number;
  /** CPU time of this process (user and system) per unit: comparable across loads, unlike wall time. */
  readonly cpuMsPerUnit: number;
  readonly peakRssMiB: number;
  readonly peakHeapMiB: number;
  readonly parentEvents: number;
  readonly parentTransitions: number;
  readonly largestParentPayloadKiB: number;
  readonly upgradeCalls: number;
  readonly peakUpgradesInFlight: number;
}

const mib = (bytes: number) => bytes / 1024 / 1024;
const hex = (n: number) => n.toString(16).padStart(12, '0');

/**
 * One fleet of `units` lone language models (few words, so each upgrade is short) on one simulated
 * instance: the synthesized fleet definition in the local executor, every unit a child execution,
 * dynalite in memory, the simulator behind the SDK, all in this process.
 */
async function runFleet(units: number, seed: number): Promise<FleetFigures> {
  const bed = await startTestBed({
    simulator: {
      seed,
      fleet: { baseModels: [{ name: base, versions: ['v2020-01-16', 'v2026-11-24'] }] },
    },
  });
  const { simulator } = bed;
  try {
    simulator.seedFleet({
      languageModels: Array.from({ length: units }, (_, n) => ({
        customizationId: `0a000000-0000-4000-8000-${hex(n)}`,
        name: `lm-${n}`,
        baseModelName: base,
        version: 'v2020-01-16',
        status: 'available' as const,
        words: 20,
      })),
    });
    const upgrader = await bed.startUpgrader({
      instance: { id: 'bench' },
      fleetMaxConcurrency: maxConcurrency,
    });
    let peakRss = process.memoryUsage().rss;
    let peakHeap = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
      const usage = process.memoryUsage();
      peakRss = Math.max(peakRss, usage.rss);
      peakHeap = Math.max(peakHeap, usage.heapUsed);
    }, 100);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const result = await upgrader.runFleet(
      { trigger: { type: 'release', id: `bench-${units}` }, releaseDates: { [base]: '2026-11-24' } },
      { name: `release-bench-${units}` },
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    if (result.status !== 'SUCCEEDED')
      throw new Error(`fleet of ${units} ended ${result.status}: ${result.cause}`);
    const summary = fleetSummarySchema.parse(result.output);
    if (summary.units.succeeded !== units) throw new Error(`fleet of ${units}: ${summary.message}`);
    const run = await upgrader.history.fleet.requireRun(`release-bench-${units}`);
    const payloads = result.events.flatMap((e) =>
      [
        'input' in e ? e.input : null,
        'output' in e ? e.output : null,
        'state' in e ? e.state.input : null,
        'state' in e ? e.state.output : null,
      ].map((payload) => Buffer.byteLength(JSON.stringify(payload ?? null))),
    );
    return {
      units,
      pages: run.plan.pageCount,
      seconds,
      unitsPerSecond: units / seconds,
      cpuMsPerUnit: (cpu.user + cpu.system) / 1000 / units,
      peakRssMiB: mib(peakRss),
      peakHeapMiB: mib(peakHeap),
      parentEvents: result.events.length,
      parentTransitions: result.stateTransitions,
      largestParentPayloadKiB: Math.max(...payloads) / 1024,
      upgradeCalls: simulator.requestLog().filter((e) => e.operation.startsWith('upgrade_')).length,
      peakUpgradesInFlight: simulator.stats().peakUpgradesInFlight,
    };
  } finally {
    await bed.stop();
  }
}

export const fleetBenchmark: Benchmark = {
  name: 'fleet',
  async run(options): Promise<BenchSection> {
    const figures: FleetFigures[] = [];
    for (const units of options.units ?? defaultFleetSizes) figures.push(await runFleet(units, options.seed));
    return {
      title: 'Fleet runs through the local executor',
      tables: [
        {
          caption: `Lone small language models on one simulated instance, maxConcurrency ${maxConcurrency}`,
          columns: [
            'units',
            'pages',
            'seconds',
            'units/s',
            'CPU ms/unit',
            'peak RSS MiB',
            'peak heap MiB',
            'parent events',
            'largest payload KiB',
            'upgrade calls',
            'peak in flight',
          ],
          rows: figures.map((f) => [
            formatCount(f.units),
            formatCount(f.pages),
            f.seconds.toFixed(1),
            f.unitsPerSecond.toFixed(1),
            f.cpuMsPerUnit.toFixed(1),
            f.peakRssMiB.toFixed(0),
            f.peakHeapMiB.toFixed(0),
            formatCount(f.parentEvents),
            f.largestParentPayloadKiB.toFixed(1),
            formatCount(f.upgradeCalls),
            formatCount(f.peakUpgradesInFlight),
          ]),
        },
      ],
      notes: [
        'Everything runs in this one process: executor, handlers, dynalite (in memory) and the simulator,',
        'so RSS and heap include the emulated table and the simulated models. Time is compressed 20,000x.',
        '"CPU ms/unit" is this process\'s CPU time over units: unlike seconds, it does not depend on other load.',
        '"parent events" are the fleet execution\'s own events (each unit is a child execution with its own).',
      ],
      json: figures,
    };
  },
};
