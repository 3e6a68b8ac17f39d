import type { FleetInput } from '#core/fleet/fleet-input.js';
import type { FleetStart, FleetStarter } from '#core/release/trigger-ports.js';
import type { ExecutionResult } from '#local/executor/index.js';

/** Runs the fleet state machine locally to its end: the local upgrader's `runFleet`. */
export type RunFleet = (input: unknown, options: { name: string }) => Promise<ExecutionResult>;

/**
 * Starts fleet runs on the local executor. Unlike StartExecution it resolves when the run has
 * ended, so a local trigger returns with its outcome; the results are kept in `executions`. A
 * name already used answers `ExecutionAlreadyExists`, as in AWS: the trigger was handled before.
 */
export class LocalFleetStarter implements FleetStarter {
  readonly executions: ExecutionResult[] = [];

  constructor(private readonly runFleet: RunFleet) {}

  async start(input: FleetInput, name: string): Promise<FleetStart> {
    try {
      const result = await this.runFleet(input, { name });
      this.executions.push(result);
      return { started: true, executionArn: result.executionArn };
    } catch (error) {
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') {
        return { started: false, reason: 'already-exists', message: error.message };
      }
      throw error;
    }
  }
}
