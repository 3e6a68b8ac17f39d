import { nextPollDelaySeconds, type PollPolicy } from '#core/unit/poll-policy.js';
import type { SimulatedUpgrade } from './upgrade-population.js';

/** How one upgrade step was watched. */
export interface PollOutcome {
  readonly polls: number;
  /** Seconds from the real end of the upgrade to the poll that saw it; null if never seen. */
  readonly latenessSeconds: number | null;
}

/** The seed procedure: wait the fixed interval, poll, repeat until done. */
export function watchWithFixedInterval(upgrade: SimulatedUpgrade, intervalSeconds: number): PollOutcome {
  const polls = Math.max(1, Math.ceil(upgrade.actualSeconds / intervalSeconds));
  return { polls, latenessSeconds: polls * intervalSeconds - upgrade.actualSeconds };
}

/** The workflow's loop: ask the policy for a wait, poll, repeat until done or out of budget. */
export function watchWithPolicy(
  upgrade: SimulatedUpgrade,
  policy: PollPolicy,
  pollBudget?: number,
): PollOutcome {
  let elapsedSeconds = 0;
  let polls = 0;
  for (;;) {
    const decision = nextPollDelaySeconds(
      {
        kind: upgrade.kind,
        expectedSeconds: upgrade.expectedSeconds,
        elapsedSeconds,
        pollsSoFar: polls,
        pollBudget,
      },
      policy,
    );
    if (decision.action === 'budget-exhausted') return { polls, latenessSeconds: null };
    elapsedSeconds += decision.seconds;
    polls += 1;
    if (elapsedSeconds >= upgrade.actualSeconds) {
      return { polls, latenessSeconds: elapsedSeconds - upgrade.actualSeconds };
    }
  }
}
