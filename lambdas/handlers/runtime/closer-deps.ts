import type { HistoryStore } from '#adapters/history-store/index.js';
import type { Clock } from '#core/contract/clock.js';

/** What the closer of abandoned runs needs: the history table, a clock, and which state machine is the fleet's. */
export interface CloserDeps {
  readonly history: Pick<HistoryStore, 'getRun' | 'finishRun' | 'releaseClaims' | 'claims' | 'stopped'> & {
    readonly fleet: Pick<HistoryStore['fleet'], 'unitRuns' | 'abandonRun'>;
  };
  readonly clock: Pick<Clock, 'now'>;
  /** The fleet state machine's ARN: its executions' ends close every unit run they left open. */
  readonly fleetStateMachineArn?: string | undefined;
}

export function closerDeps(
  wiring: Pick<CloserDeps, 'history' | 'clock'>,
  fleetStateMachineArn: string | undefined,
): CloserDeps {
  return { history: wiring.history, clock: wiring.clock, fleetStateMachineArn };
}
