import {
  defaultPollPolicy,
  expectedUpgradeSeconds,
  type PollPolicy,
  pollBudget,
  stepFunctionsCost,
} from '#core/unit/poll-policy.js';
import type { Benchmark, BenchOptions, BenchSection, BenchTable } from './benchmark.js';
import { type PollOutcome, watchWithFixedInterval, watchWithPolicy } from './poll-simulation.js';
import { mulberry32 } from './prng.js';
import { formatCount, formatDuration, mean, percentile } from './stats.js';
import {
  durationSpread,
  type SimulatedUpgrade,
  simulatedUpgrades,
  type UpgradeGroup,
  upgradeGroups,
} from './upgrade-population.js';

type Strategy = 'fixed' | 'policy';

interface GroupFigures {
  readonly group: UpgradeGroup;
  readonly strategy: Strategy;
  readonly pollsMedian: number;
  readonly pollsP95: number;
  readonly pollsTotal: number;
  readonly transitionsPerUpgrade: number;
  readonly invocationsPerUpgrade: number;
  readonly latenessMedianSeconds: number;
  readonly latenessP95Seconds: number;
  /** Over upgrades that ended within ±30 % of the expected duration. */
  readonly latenessP95NearSeconds: number;
  readonly latenessP95NearShareOfDuration: number;
  readonly budgetExhausted: number;
}

function watch(strategy: Strategy, upgrade: SimulatedUpgrade, policy: PollPolicy): PollOutcome {
  if (strategy === 'policy') return watchWithPolicy(upgrade, policy);
  const interval =
    upgrade.kind === 'language' ? policy.languageIntervalSeconds : policy.acousticIntervalSeconds;
  return watchWithFixedInterval(upgrade, interval);
}

function groupFigures(
  group: UpgradeGroup,
  strategy: Strategy,
  upgrades: readonly SimulatedUpgrade[],
  policy: PollPolicy,
): GroupFigures {
  const outcomes = upgrades.map((upgrade) => ({ upgrade, outcome: watch(strategy, upgrade, policy) }));
  const polls = outcomes.map((o) => o.outcome.polls);
  const late = outcomes.flatMap((o) =>
    o.outcome.latenessSeconds === null ? [] : [o.outcome.latenessSeconds],
  );
  const near = outcomes.filter(
    (o) =>
      Math.abs(o.upgrade.actualSeconds / o.upgrade.expectedSeconds - 1) <= 0.3 &&
      o.outcome.latenessSeconds !== null,
  );
  const nearLate = near.map((o) => o.outcome.latenessSeconds ?? 0);
  const nearShare = near.map((o) => (o.outcome.latenessSeconds ?? 0) / o.upgrade.actualSeconds);
  const { transitionsPerPoll, transitionsPerStepStart, invocationsPerPoll, invocationsPerStepStart } =
    stepFunctionsCost;
  return {
    group,
    strategy,
    pollsMedian: percentile(polls, 50),
    pollsP95: percentile(polls, 95),
    pollsTotal: polls.reduce((sum, p) => sum + p, 0),
    transitionsPerUpgrade: transitionsPerStepStart + transitionsPerPoll * mean(polls),
    invocationsPerUpgrade: invocationsPerStepStart + invocationsPerPoll * mean(polls),
    latenessMedianSeconds: percentile(late, 50),
    latenessP95Seconds: percentile(late, 95),
    latenessP95NearSeconds: percentile(nearLate, 95),
    latenessP95NearShareOfDuration: percentile(nearShare, 95),
    budgetExhausted: outcomes.length - late.length,
  };
}

interface UnitFigures {
  readonly scenario: string;
  readonly strategy: Strategy;
  readonly historyEvents: number;
  /** Null for the ceiling, which is a bound rather than a run. */
  readonly stepsOutOfBudget: number | null;
}

/** The largest unit worth planning for: one language model and ten 50-hour acoustic models, two steps each. */
function worstCaseUnit(policy: PollPolicy): UnitFigures[] {
  const language = expectedUpgradeSeconds({ kind: 'language', wordCount: 200_000 }, policy);
  const acoustic = expectedUpgradeSeconds({ kind: 'acoustic', audioMinutes: 50 * 60 }, policy);
  const steps = 1 + 10 * 2;
  const budget = pollBudget({ upgradeSteps: steps }, policy).pollsPerStep;
  const figures: UnitFigures[] = [];
  for (const [scenario, factor] of [
    ['as expected', 1],
    ['every step 3x longer', 3],
    ['every step 10x longer', 10],
  ] as const) {
    for (const strategy of ['fixed', 'policy'] as const) {
      const upgrades: SimulatedUpgrade[] = [
        { group: 'language', kind: 'language', expectedSeconds: language, actualSeconds: language * factor },
        ...Array.from({ length: steps - 1 }, (): SimulatedUpgrade => {
          return {
            group: 'acoustic >= 1 h',
            kind: 'acoustic',
            expectedSeconds: acoustic,
            actualSeconds: acoustic * factor,
          };
        }),
      ];
      const outcomes = upgrades.map((u) =>
        strategy === 'policy' ? watchWithPolicy(u, policy, budget) : watch('fixed', u, policy),
      );
      const { eventsPerPoll, eventsPerStepStart } = stepFunctionsCost;
      const historyEvents =
        policy.executionOverheadEvents +
        outcomes.reduce((sum, o) => sum + eventsPerStepStart + eventsPerPoll * o.polls, 0);
      const stepsOutOfBudget = outcomes.filter((o) => o.latenessSeconds === null).length;
      figures.push({ scenario, strategy, historyEvents, stepsOutOfBudget });
    }
  }
  // Whatever the durations, the policy stops each step at its share of the budget.
  const ceiling = pollBudget({ upgradeSteps: steps }, policy).plannedEvents;
  figures.push({
    scenario: 'any durations (ceiling)',
    strategy: 'policy',
    historyEvents: ceiling,
    stepsOutOfBudget: null,
  });
  return figures;
}

function groupTable(figures: readonly GroupFigures[]): BenchTable {
  const fixedTotal = (group: UpgradeGroup) =>
    figures.find((f) => f.group === group && f.strategy === 'fixed')?.pollsTotal ?? Number.NaN;
  return {
    caption: 'Per upgrade step (lateness = real end of the upgrade -> the poll that sees it)',
    columns: [
      'group',
      'strategy',
      'polls p50',
      'polls p95',
      'fewer polls',
      'transitions',
      'Lambda calls',
      'late p50',
      'late p95',
      'late p95 ±30%',
      '(% of duration)',
    ],
    rows: figures.map((f) => [
      f.group,
      f.strategy,
      formatCount(f.pollsMedian),
      formatCount(f.pollsP95),
      `${(fixedTotal(f.group) / f.pollsTotal).toFixed(1)}x`,
      formatCount(Math.round(f.transitionsPerUpgrade)),
      formatCount(Math.round(f.invocationsPerUpgrade)),
      formatDuration(f.latenessMedianSeconds),
      formatDuration(f.latenessP95Seconds),
      formatDuration(f.latenessP95NearSeconds),
      `${(100 * f.latenessP95NearShareOfDuration).toFixed(1)} %`,
    ]),
  };
}

function unitTable(figures: readonly UnitFigures[]): BenchTable {
  return {
    caption: 'One execution: 1 language model + 10 acoustic models of 50 h, two steps each (21 steps)',
    columns: [
      'scenario',
      'strategy',
      'history events',
      `fits ${formatCount(stepFunctionsCost.historyEventLimit)}`,
      'steps out of budget',
    ],
    rows: figures.map((f) => [
      f.scenario,
      f.strategy,
      formatCount(f.historyEvents),
      f.historyEvents <= stepFunctionsCost.historyEventLimit ? 'yes' : 'NO',
      f.stepsOutOfBudget === null ? '-' : formatCount(f.stepsOutOfBudget),
    ]),
  };
}

async function run(options: BenchOptions): Promise<BenchSection> {
  const policy = defaultPollPolicy;
  const upgrades = simulatedUpgrades(mulberry32(options.seed), options.samples, policy);
  const groups = upgradeGroups.flatMap((group) => {
    const members = upgrades.filter((u) => u.group === group);
    return (['fixed', 'policy'] as const).map((strategy) => groupFigures(group, strategy, members, policy));
  });
  const unit = worstCaseUnit(policy);
  return {
    title: 'Poll policy vs fixed polling (10 s language, 60 s acoustic)',
    tables: [groupTable(groups), unitTable(unit)],
    notes: [
      `${options.samples} simulated upgrades per group, seed ${options.seed}; real duration = expected x log-normal` +
        ` (σ ${durationSpread.logSigma}), ${100 * durationSpread.outlierShare} % of them 2-3x longer.`,
      '"fewer polls" = all polls of fixed polling / all polls of the strategy, same upgrades.',
      'Steps out of budget end with PollBudgetExhausted; the upgrade itself goes on at IBM.',
    ],
    json: { seed: options.seed, samples: options.samples, policy, groups, worstCaseUnit: unit },
  };
}

export const pollPolicyBenchmark: Benchmark = { name: 'poll-policy', run };
