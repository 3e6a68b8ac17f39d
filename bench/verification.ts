import { IBM_PRICE_PER_MINUTE_USD } from '#core/watch/index.js';
import { startTestBed } from '#testkit/local-fleet.js';
import type { Benchmark, BenchSection } from './benchmark.js';
import { writeCallTestSet } from './call-test-set.js';

const base = 'en-US_BroadbandModel';
const model = '0f000000-0000-4000-8000-000000000001';
/** Utterances of a verification and seconds of audio each: a call-centre test set of modest size. */
const utterances = 50;
const secondsPerUtterance = 6;

interface VerificationFigures {
  readonly utterances: number;
  readonly recognitionRequests: number;
  readonly audioMinutesPerRun: number;
  readonly audioMinutesBilled: number;
  readonly costUsd: number;
  readonly wallSeconds: number;
}

/**
 * One language model upgraded and verified by the unit workflow in local mode: a 50-utterance test
 * set in a directory, recognised by the simulator with the old and the new version.
 */
async function verifyOnce(seed: number): Promise<VerificationFigures> {
  const bed = await startTestBed({ simulator: { seed } });
  const { simulator } = bed;
  try {
    simulator.addRecognitionReferences(
      writeCallTestSet(bed.directory, { utterances, secondsPerUtterance, seed }),
    );
    simulator.seedFleet({
      languageModels: [{ customizationId: model, name: 'calls', baseModelName: base, words: 200 }],
    });
    simulator.releaseBaseModelVersion(base, 'v2026-11-24');
    const upgrader = await bed.startUpgrader({
      instance: { id: 'bench', settings: { testSets: { byModel: { [model]: 'calls' }, byBaseModel: {} } } },
      testSets: {},
    });
    const started = performance.now();
    const result = await upgrader.runUnit(
      { instanceId: 'bench', languageModelId: model, trigger: { type: 'manual', id: 'bench' } },
      { name: 'bench-verification' },
    );
    const wallSeconds = (performance.now() - started) / 1000;
    const [record] = await upgrader.history.verification.ofRun('bench-verification');
    if (result.status !== 'SUCCEEDED' || !record) {
      throw new Error(`the verification bench did not verify: ${result.status} ${result.error ?? ''}`);
    }
    const billed = simulator.stats().recognition.audioMinutes;
    return {
      utterances: record.utterances,
      recognitionRequests: record.recognitionRequests,
      audioMinutesPerRun: record.audioMinutes,
      audioMinutesBilled: billed,
      costUsd: billed * IBM_PRICE_PER_MINUTE_USD,
      wallSeconds,
    };
  } finally {
    await bed.stop();
  }
}

export const verificationBenchmark: Benchmark = {
  name: 'verification',
  async run(options): Promise<BenchSection> {
    const figures = await verifyOnce(options.seed);
    return {
      title: 'Verification of one upgraded model (local mode, simulator)',
      tables: [
        {
          caption: `A ${utterances}-utterance test set of ${secondsPerUtterance} s recordings, recognised with the old and the new version`,
          columns: ['utterances', 'requests', 'test set min', 'billed min', 'cost USD', 'wall s'],
          rows: [
            [
              String(figures.utterances),
              String(figures.recognitionRequests),
              figures.audioMinutesPerRun.toFixed(1),
              figures.audioMinutesBilled.toFixed(1),
              figures.costUsd.toFixed(2),
              figures.wallSeconds.toFixed(1),
            ],
          ],
        },
      ],
      notes: [
        `Cost at IBM Cloud's Plus plan price, $${IBM_PRICE_PER_MINUTE_USD} per minute of audio (IBM's pricing FAQ; $0.01 past a million minutes a month).`,
        'Requests are two per utterance; billed minutes are twice the test set, whatever the outcome.',
      ],
      json: figures,
    };
  },
};
