import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { nameStamp } from '#cli/name-stamp.js';
import type { Measurement, WatchRun } from '#core/watch/index.js';
import type { LocalUpgrader } from '#local/local-upgrader.js';
import {
  audioSha256,
  generateWav,
  type LanguageModelSeed,
  type RecognitionReferences,
  type RunningSimulator,
} from '#simulator/index.js';

/** The demo's custom model of a large speech model, with a test set of its own. */
export const demoLsmModel: LanguageModelSeed & { customizationId: string } = {
  customizationId: '0a1b2c3d-0010-4a00-8000-000000000010',
  name: 'claims-lsm',
  description: 'Claims vocabulary re-created on the en-US large speech model',
  baseModelName: 'en-US',
  words: 300,
};

const lsmSentences = [
  'i want to check my claim status',
  'my claim number is four four two',
  'please call me back about the claim',
];

/** Writes the large speech model's test set beside the others; the simulator must be told what it says. */
export function writeDemoLsmTestSet(directory: string): RecognitionReferences['references'] {
  const folder = path.join(directory, demoLsmModel.name);
  mkdirSync(path.join(folder, 'calls'), { recursive: true });
  const references: RecognitionReferences['references'] = [];
  const lines = lsmSentences.map((reference, index) => {
    const audio = `calls/${String(index + 1).padStart(4, '0')}.wav`;
    const wav = generateWav({ seconds: 2, seed: 9000 + index });
    writeFileSync(path.join(folder, audio), wav);
    references.push({ sha256: audioSha256(wav), text: reference });
    return JSON.stringify({ audio, reference, contentType: 'audio/wav' });
  });
  writeFileSync(path.join(folder, 'manifest.jsonl'), `${lines.join('\n')}\n`);
  return references;
}

export interface DemoWatchResult {
  readonly runs: readonly WatchRun[];
  /** The second run's measurements. */
  readonly measurements: readonly Measurement[];
}

/**
 * The watch part of `npm start`: a first watch run takes every baseline (the models just upgraded
 * included), IBM then improves `en-US` silently (no new version), and the next run finds the large
 * speech model's custom model recognising its test set differently and says so once.
 */
export async function runDemoWatch(
  upgrader: LocalUpgrader,
  simulator: RunningSimulator,
  instanceId: string,
): Promise<DemoWatchResult> {
  const runs: WatchRun[] = [];
  const watch = async (label: string) => {
    const result = await upgrader.runWatch(
      { instanceId, trigger: 'manual' },
      { name: `${label}-${nameStamp(new Date())}` },
    );
    if (result.status !== 'SUCCEEDED')
      throw new Error(`the watch run ${label} ended ${result.status}: ${result.cause ?? ''}`);
    const { watchRunId } = result.output as { watchRunId: string };
    runs.push(await upgrader.history.watch.requireRun(instanceId, watchRunId));
    return watchRunId;
  };
  await watch('watch-baseline');
  // IBM's note of 8 July 2025 style: "recognition improvements" to names and numbers, no new version.
  simulator.improveBaseModel(demoLsmModel.baseModelName, { confuses: { claim: 'clam' } });
  const watchRunId = await watch('watch-next-week');
  const run = runs.at(-1);
  const measurements: Measurement[] = [];
  for (let page = 1; page <= (run?.pages ?? 0); page++) {
    for (const id of (await upgrader.history.watch.page(instanceId, watchRunId, page)) ?? []) {
      const measurement = await upgrader.history.watch.measurement(instanceId, id, watchRunId);
      if (measurement) measurements.push(measurement);
    }
  }
  return { runs, measurements };
}
