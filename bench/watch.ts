import { IBM_PRICE_PER_MINUTE_USD, WATCH_PAGE_SIZE } from '#core/watch/index.js';
import { startTestBed } from '#testkit/local-fleet.js';
import type { Benchmark, BenchSection } from './benchmark.js';
import { writeCallTestSet } from './call-test-set.js';

/** Models measured locally to find the per-model and per-run figures; the table scales them to a fleet. */
const measuredModels = 12;
/** A 5-minute test set: 50 recordings of 6 s. */
const utterances = 50;
const secondsPerUtterance = 6;
const fleetSizes = [1_000, 10_000];
/** Parent states entered for each page after the first: "More models?", "Fetch model page", "Measure models". */
const transitionsPerExtraPage = 3;
/** Lambda invocations for each page after the first: its fetch. */
const invocationsPerExtraPage = 1;

interface WatchFigures {
  readonly models: number;
  readonly audioMinutes: number;
  readonly parentTransitions: number;
  readonly childTransitions: number;
  readonly parentInvocations: number;
  readonly childInvocations: number;
  readonly wallSeconds: number;
}

/** One watch run over `measuredModels` language models sharing one 5-minute test set, in local mode. */
async function watchOnce(seed: number): Promise<WatchFigures> {
  const bed = await startTestBed({ simulator: { seed } });
  const { simulator } = bed;
  try {
    simulator.addRecognitionReferences(
      writeCallTestSet(bed.directory, { utterances, secondsPerUtterance, seed }),
    );
    simulator.seedFleet({
      languageModels: Array.from({ length: measuredModels }, (_, n) => ({
        name: `calls-${n}`,
        baseModelName: 'en-US',
        words: 100,
      })),
    });
    let parentName = '';
    const transitions = new Map<string, number>();
    const invocations = new Map<string, number>();
    const upgrader = await bed.startUpgrader({
      instance: { id: 'bench', settings: { testSets: { byModel: {}, byBaseModel: { 'en-US': 'calls' } } } },
      testSets: {},
      onEvent: (execution, event) => {
        if (event.type !== 'StateEntered') return;
        const who = execution.name === parentName ? 'parent' : 'child';
        transitions.set(who, (transitions.get(who) ?? 0) + 1);
        if (event.state.type === 'Task') invocations.set(who, (invocations.get(who) ?? 0) + 1);
      },
    });
    parentName = 'bench-watch';
    const started = performance.now();
    const result = await upgrader.runWatch({ instanceId: 'bench' }, { name: parentName });
    const wallSeconds = (performance.now() - started) / 1000;
    const run = await upgrader.history.watch.requireRun(
      'bench',
      (result.output as { watchRunId: string }).watchRunId,
    );
    if (result.status !== 'SUCCEEDED' || run.measured !== measuredModels)
      throw new Error(`the watch bench did not measure every model: ${result.status} ${result.cause ?? ''}`);
    return {
      models: run.measured,
      audioMinutes: simulator.stats().recognition.audioMinutes,
      parentTransitions: transitions.get('parent') ?? 0,
      childTransitions: transitions.get('child') ?? 0,
      parentInvocations: invocations.get('parent') ?? 0,
      childInvocations: invocations.get('child') ?? 0,
      wallSeconds,
    };
  } finally {
    await bed.stop();
  }
}

/** A weekly run of `models` models, from the measured run: per model, per run, per extra page. */
function scaled(figures: WatchFigures, models: number) {
  const extraPages = Math.ceil(models / WATCH_PAGE_SIZE) - 1;
  const minutesPerModel = figures.audioMinutes / figures.models;
  const audioMinutes = minutesPerModel * models;
  const transitions =
    figures.parentTransitions +
    extraPages * transitionsPerExtraPage +
    (figures.childTransitions / figures.models) * models;
  const invocations =
    figures.parentInvocations +
    extraPages * invocationsPerExtraPage +
    (figures.childInvocations / figures.models) * models;
  const weekly = { audioMinutes, costUsd: audioMinutes * IBM_PRICE_PER_MINUTE_USD, transitions, invocations };
  return {
    models,
    weekly,
    monthly: { audioMinutes: (audioMinutes * 52) / 12, costUsd: (weekly.costUsd * 52) / 12 },
  };
}

export const watchBenchmark: Benchmark = {
  name: 'watch',
  async run(options): Promise<BenchSection> {
    const figures = await watchOnce(options.seed);
    const fleets = fleetSizes.map((models) => scaled(figures, models));
    return {
      title: 'The accuracy watch: a weekly run (local mode, simulator)',
      tables: [
        {
          caption: `Each model recognises a ${(utterances * secondsPerUtterance) / 60}-minute test set (${utterances} recordings of ${secondsPerUtterance} s) once a week`,
          columns: [
            'models',
            'IBM min/week',
            'USD/week',
            'USD/month',
            'transitions/week',
            'Lambda invokes/week',
          ],
          rows: fleets.map((fleet) => [
            fleet.models.toLocaleString('en-US'),
            Math.round(fleet.weekly.audioMinutes).toLocaleString('en-US'),
            fleet.weekly.costUsd.toFixed(2),
            fleet.monthly.costUsd.toFixed(2),
            Math.round(fleet.weekly.transitions).toLocaleString('en-US'),
            Math.round(fleet.weekly.invocations).toLocaleString('en-US'),
          ]),
        },
      ],
      notes: [
        `Measured on ${figures.models} models in ${figures.wallSeconds.toFixed(1)} s: ${figures.audioMinutes.toFixed(1)} IBM minutes billed by the simulator, ${figures.parentTransitions} state transitions and ${figures.parentInvocations} Lambda invocations in the run's own execution, ${figures.childTransitions / figures.models} and ${figures.childInvocations / figures.models} per model in its child execution; scaled with ${transitionsPerExtraPage} transitions and ${invocationsPerExtraPage} invocation per further page of ${WATCH_PAGE_SIZE} models.`,
        `IBM at the Plus plan price, $${IBM_PRICE_PER_MINUTE_USD} per minute (IBM's pricing FAQ; $0.01 past a million minutes a month); a month is 52/12 weeks. Step Functions bills transitions, Lambda invocations; no retry happened here.`,
      ],
      json: { measured: figures, fleets },
    };
  },
};
