import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSttConnection } from '../../lambdas/adapters/stt/index.js';
import { unitOptionsSchema } from '../../lambdas/core/upgrade-unit.js';
import { groupIntoUnits, type ModelPairing } from '../../lambdas/core/upgrade-units.js';
import { startLocalUpgrader } from '../local-upgrader.js';
import { ScaledClock } from '../scaled-clock.js';
import { type FleetSeed, fleetSeedSchema, startSimulator } from '../stt-simulator/index.js';
import type { LocalOptions } from './local-options.js';
import { ModelProgressTracker } from './model-progress-tracker.js';
import { ProgressView } from './progress-view.js';
import { formatRunReport } from './run-report.js';
import { runUnits } from './run-units.js';

/** The base model the demo releases a new version of, and that version. */
export const demoRelease = { baseModelName: 'en-US_BroadbandModel', version: 'v2026-11-24' } as const;
const demoInstanceId = 'demo';

export function loadDemoFleet(): FleetSeed {
  const file = fileURLToPath(new URL('../stt-simulator/fleets/demo.json', import.meta.url));
  return fleetSeedSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/**
 * The pairings an operator of the demo fleet would declare: the simulator knows which acoustic
 * model was trained with which language model, the upgrader only from configuration.
 */
export function demoPairings(fleet: FleetSeed): ModelPairing[] {
  return (fleet.acousticModels ?? []).flatMap((am) =>
    am.trainedWithLanguageModel && am.customizationId
      ? [{ acousticModelId: am.customizationId, languageModelId: am.trainedWithLanguageModel }]
      : [],
  );
}

/** `npm start` with no service URL: the simulator, its demo fleet, a release, every unit upgraded. */
export async function runDemo(options: LocalOptions, dynamoEndpoint: string): Promise<number> {
  const clock = new ScaledClock(options['time-scale']);
  const fleet = loadDemoFleet();
  // The fleet is seeded once the upgrader is ready, so the busy model is still busy when the run starts.
  const simulator = await startSimulator({ clock: { now: () => clock.nowMs() }, seed: 1 });
  const out = (text: string) => process.stdout.write(text);
  try {
    const tracker = new ModelProgressTracker(() => clock.nowMs());
    const view = new ProgressView({
      tracker,
      statusOf: (id) => simulator.model(id)?.status,
      nowMs: () => clock.nowMs(),
      write: out,
      interactive: !options.json && process.stdout.isTTY === true,
    });
    const upgrader = await startLocalUpgrader({
      instances: [
        {
          id: demoInstanceId,
          connection: parseSttConnection({ serviceUrl: simulator.url, auth: { type: 'none' } }),
          pairings: demoPairings(fleet),
        },
      ],
      dynamoEndpoint,
      clock,
      onEvent: (_execution, event) => {
        const line = tracker.observe(event);
        if (line && !options.json) view.changed(line);
      },
    });
    simulator.seedFleet(fleet);
    simulator.releaseBaseModelVersion(demoRelease.baseModelName, demoRelease.version);
    const stt = await upgrader.stt(demoInstanceId);
    const [languageModels, acousticModels] = await Promise.all([
      stt.listLanguageModels(),
      stt.listAcousticModels(),
    ]);
    for (const model of [...languageModels, ...acousticModels]) tracker.introduce(model);
    const { units } = groupIntoUnits({
      instanceId: demoInstanceId,
      languageModels,
      acousticModels,
      pairings: demoPairings(fleet),
      trigger: { type: 'manual', id: 'npm-start' },
      options: unitOptionsSchema.parse({}),
    });
    if (!options.json) {
      out(
        `Simulator on ${simulator.url}; released ${demoRelease.baseModelName}.${demoRelease.version}; ` +
          `${languageModels.length + acousticModels.length} models in ${units.length} units; time x${options['time-scale']}\n\n`,
      );
    }
    view.start();
    const report = await runUnits({
      upgrader,
      units,
      tracker,
      nowMs: () => clock.nowMs(),
      namePrefix: `demo-${new Date().toISOString().replace(/[:.]/g, '-')}`,
    });
    view.stop();
    out(options.json ? `${JSON.stringify(report, null, 2)}\n` : `\n${formatRunReport(report)}`);
    return report.summary.failed > 0 ? 1 : 0;
  } finally {
    await simulator.stop();
  }
}
