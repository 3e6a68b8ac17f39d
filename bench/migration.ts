import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NoAuthAuthenticator } from 'ibm-watson/auth/index.js';
import SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';
import { RECOGNITION_PRICE_PER_MINUTE_USD } from '#core/migration/index.js';
import { defaultPollPolicy, expectedUpgradeSeconds } from '#core/unit/poll-policy.js';
import { startTestBed } from '#testkit/local-fleet.js';
import { writeTestSet } from '#testkit/test-sets.js';
import type { Benchmark, BenchSection } from './benchmark.js';

const sources = 100;
const base = 'en-US_Telephony';
/** A modest test set per model: ten utterances of three seconds (all models share one here). */
const utterances = 10;
const secondsPerUtterance = 3;
const wordsPerModel = 20;
/** Words in each model's corpus. */
const corpusWords = 13;
const concurrency = 4;
/** Step Functions Standard, us-east-1: $0.025 per 1,000 state transitions. */
const pricePerTransitionUsd = 0.000025;

const sourceId = (n: number) => `0e000000-0000-4000-8000-${String(n + 1).padStart(12, '0')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A hundred next-generation models, each with twenty words and one corpus, moved to en-US by one
 * migration fleet run (a child execution per model) in local mode against the simulator: what it asks of IBM and of AWS.
 */
async function migrateFleet(seed: number) {
  const bed = await startTestBed({ simulator: { seed } });
  const { simulator, directory: dir } = bed;
  try {
    const sdk = new SpeechToTextV1({ authenticator: new NoAuthAuthenticator(), serviceUrl: simulator.url });
    const ids = Array.from({ length: sources }, (_, n) => sourceId(n));
    simulator.seedFleet({
      languageModels: ids.map((id, n) => ({ customizationId: id, name: `team-${n}`, baseModelName: base })),
    });
    for (const [n, id] of ids.entries()) {
      const words = Array.from({ length: wordsPerModel }, (_, w) => ({
        word: `term${n}x${w}`,
        sounds_like: ['terminal'],
      }));
      await sdk.addWords({ customizationId: id, words });
      const corpus = `the caller asked about term${n}x1 and term${n}x2.\nplease check the claim status.\n`;
      mkdirSync(path.join(dir, 'corpora', id), { recursive: true });
      writeFileSync(path.join(dir, 'corpora', id, 'calls.txt'), corpus);
      await sdk.addCorpus({ customizationId: id, corpusName: 'calls', corpusFile: Buffer.from(corpus) });
    }
    await sleep(50);
    for (const id of ids) await sdk.trainLanguageModel({ customizationId: id });
    await sleep(50);
    const texts = Array.from(
      { length: utterances },
      (_, n) => `caller ${n} would like the status of the claim`,
    );
    simulator.addRecognitionReferences(
      writeTestSet(path.join(dir, 'test-sets'), 'calls', texts, { seconds: secondsPerUtterance, seed }),
    );
    simulator.clearRequestLog();
    const recognisedBefore = simulator.stats().recognition.audioMinutes;
    const fleetName = 'bench-migration-fleet';
    const transitions = { parent: 0, children: 0 };
    const upgrader = await bed.startUpgrader({
      instance: { id: 'bench', settings: { testSets: { byModel: {}, byBaseModel: { [base]: 'calls' } } } },
      testSets: { directory: path.join(dir, 'test-sets') },
      migration: { corpusStore: path.join(dir, 'corpora') },
      fleetMaxConcurrency: concurrency,
      onEvent: (execution, event) => {
        if (event.type !== 'StateEntered') return;
        transitions[execution.name === fleetName ? 'parent' : 'children']++;
      },
    });
    const started = Date.now();
    const result = await upgrader.runMigrationFleet({ instanceIds: ['bench'] }, { name: fleetName });
    if (result.status !== 'SUCCEEDED')
      throw new Error(`the migration fleet bench failed: ${result.error ?? ''} ${result.cause ?? ''}`);
    const wallSeconds = (Date.now() - started) / 1000;
    const records = await upgrader.history.migration.ofInstance('bench');
    // The simulator's training takes about a minute; measured here it would mostly be local overhead
    // (a millisecond of wall time is 20 simulated seconds), so the figure is the plan's estimate.
    const trainingMinutes = records.reduce(
      (sum, r) =>
        sum +
        expectedUpgradeSeconds(
          { kind: 'language', wordCount: r.words.length + corpusWords },
          defaultPollPolicy,
        ) /
          60,
      0,
    );
    const byOperation = new Map<string, number>();
    for (const entry of simulator.requestLog())
      byOperation.set(entry.operation, (byOperation.get(entry.operation) ?? 0) + 1);
    const recognitionMinutes = simulator.stats().recognition.audioMinutes - recognisedBefore;
    const allTransitions = transitions.parent + transitions.children;
    return {
      migrated: records.filter((r) => r.status === 'migrated').length,
      ibmRequests: [...byOperation.values()].reduce((a, b) => a + b, 0),
      byOperation: Object.fromEntries([...byOperation].sort((a, b) => b[1] - a[1])),
      trainingMinutes,
      recognitionMinutes,
      costUsd: recognitionMinutes * RECOGNITION_PRICE_PER_MINUTE_USD,
      transitions: allTransitions,
      fleetTransitions: transitions.parent,
      stepFunctionsUsd: allTransitions * pricePerTransitionUsd,
      wallSeconds,
    };
  } finally {
    await bed.stop();
  }
}

export const migrationBenchmark: Benchmark = {
  name: 'migration',
  async run(options): Promise<BenchSection> {
    const f = await migrateFleet(options.seed);
    return {
      title: `A ${sources}-model migration fleet run to large speech models (local executor, simulator)`,
      tables: [
        {
          caption: 'Totals',
          columns: [
            'models',
            'migrated',
            'IBM requests',
            'training min (expected)',
            'recognition min',
            'IBM cost',
            'AWS transitions',
            'of the fleet',
            'Step Functions cost',
          ],
          rows: [
            [
              String(sources),
              String(f.migrated),
              String(f.ibmRequests),
              f.trainingMinutes.toFixed(1),
              f.recognitionMinutes.toFixed(1),
              `$${f.costUsd.toFixed(2)}`,
              String(f.transitions),
              String(f.fleetTransitions),
              `$${f.stepFunctionsUsd.toFixed(3)}`,
            ],
          ],
        },
        {
          caption: 'IBM requests by operation',
          columns: ['operation', 'requests'],
          rows: Object.entries(f.byOperation).map(([op, n]) => [op, String(n)]),
        },
      ],
      notes: [
        `Each model: ${wordsPerModel} words with sounds_like, one corpus, a test set of ${utterances} utterances of ${secondsPerUtterance} s recognised twice; one fleet run, ${concurrency} migrations at a time; simulated time x20,000, ${f.wallSeconds.toFixed(0)} s of wall time.`,
        `Training minutes: the poll policy's expectation per model (IBM: "a matter of minutes"), as the plan prices it. IBM cost: recognition at $${RECOGNITION_PRICE_PER_MINUTE_USD} a minute (IBM Cloud Plus); IBM's price list names no training charge.`,
      ],
      json: f,
    };
  },
};
