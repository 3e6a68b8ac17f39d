import type { ModelKind } from '#core/model/custom-model.js';
import { expectedUpgradeSeconds, type PollPolicy } from '#core/unit/poll-policy.js';
import { logUniform, normal, type Random, uniform } from './prng.js';

export const upgradeGroups = ['language', 'acoustic < 1 h', 'acoustic >= 1 h'] as const;
export type UpgradeGroup = (typeof upgradeGroups)[number];

/** One simulated upgrade step: what the policy expects and how long it really took. */
export interface SimulatedUpgrade {
  readonly group: UpgradeGroup;
  readonly kind: ModelKind;
  readonly expectedSeconds: number;
  readonly actualSeconds: number;
}

/** How far real durations stray from the data estimate. */
export const durationSpread = {
  /** σ of the log-normal factor around the expected duration (service load, audio content). */
  logSigma: 0.25,
  /** Share of upgrades that take 2–3× as long (a busy service, a queue). */
  outlierShare: 0.05,
};

/** `samples` upgrades per group: language models of 100 to 200,000 words; audio log-uniform. */
export function simulatedUpgrades(random: Random, samples: number, policy: PollPolicy): SimulatedUpgrade[] {
  const upgrades: SimulatedUpgrade[] = [];
  for (let i = 0; i < samples; i++) {
    const wordCount = Math.round(logUniform(random, 100, 200_000));
    upgrades.push(
      upgrade(random, 'language', expectedUpgradeSeconds({ kind: 'language', wordCount }, policy)),
    );
  }
  // Audio from 1 minute to 50 hours, log-uniform: each half of the range drawn on its own.
  for (const [group, min, max] of [
    ['acoustic < 1 h', 1, 60],
    ['acoustic >= 1 h', 60, 3000],
  ] as const) {
    for (let i = 0; i < samples; i++) {
      const audioMinutes = logUniform(random, min, max);
      upgrades.push(
        upgrade(random, group, expectedUpgradeSeconds({ kind: 'acoustic', audioMinutes }, policy)),
      );
    }
  }
  return upgrades;
}

function upgrade(random: Random, group: UpgradeGroup, expectedSeconds: number): SimulatedUpgrade {
  let factor = Math.exp(durationSpread.logSigma * normal(random));
  if (random() < durationSpread.outlierShare) factor *= uniform(random, 2, 3);
  const kind: ModelKind = group === 'language' ? 'language' : 'acoustic';
  return { group, kind, expectedSeconds, actualSeconds: Math.max(1, expectedSeconds * factor) };
}
