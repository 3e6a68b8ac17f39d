import { defaultPollPolicy } from '#core/unit/poll-policy.js';
import { unitHistoryWorstCase } from '#core/verification/history-budget.js';
import type { Benchmark, BenchSection } from './benchmark.js';

/** Units from the largest a fleet plans to a lone model, each model with a test set of `utterances`. */
const units = [
  { name: '1 language + 10 acoustic (paired)', models: 11, upgradeSteps: 21 },
  { name: '1 language + 4 acoustic (paired)', models: 5, upgradeSteps: 9 },
  { name: '1 language model', models: 1, upgradeSteps: 1 },
] as const;
const testSetSizes = [500, 2_000] as const;

/**
 * The history events of a unit execution at its worst: every upgrade step polling its whole
 * budget (slow upgrades), every model verified on a large test set. Computed from the same budget
 * functions the workflow runs on; no execution needed.
 */
export const historyEventsBenchmark: Benchmark = {
  name: 'history-events',
  async run(): Promise<BenchSection> {
    const rows = units.flatMap((unit) =>
      testSetSizes.map((testSetUtterances) => ({
        unit: unit.name,
        testSetUtterances,
        ...unitHistoryWorstCase({ ...unit, testSetUtterances }, defaultPollPolicy),
      })),
    );
    const fmt = (n: number) => n.toLocaleString('en-US');
    return {
      title: 'History events of a unit execution at its worst',
      tables: [
        {
          caption: 'Every step polls its whole budget; every model is verified',
          columns: ['unit', 'test set', 'verified', 'batches', 'polls', 'verification', 'total', 'limit'],
          rows: rows.map((r) => [
            r.unit,
            fmt(r.testSetUtterances),
            fmt(r.utterancesPerModel),
            fmt(r.batchesPerModel),
            fmt(r.pollEvents),
            fmt(r.verificationEvents),
            fmt(r.total),
            fmt(r.limit),
          ]),
        },
      ],
      notes: [
        'verified: utterances recognised per model, spread evenly over the set when the batches are capped.',
        `Worst case: ${fmt(Math.max(...rows.map((r) => r.total)))} events, under Step Functions' 25,000.`,
      ],
      json: rows,
    };
  },
};
