import type { HistoryStore } from '#adapters/history-store/index.js';
import type { Clock } from '#core/contract/clock.js';
import { closeAbandonedRun } from '#handlers/close-abandoned-run.js';
import { executionStatusChange, stateMachineArn } from './executor/index.js';

/** What stopping a run found: a unit run, a fleet run with its unit runs, or nothing by that id. */
export type LocalStop =
  | { readonly kind: 'unit'; readonly runId: string; readonly closed: boolean }
  | { readonly kind: 'fleet'; readonly runId: string; readonly unitRunsClosed: readonly string[] }
  | { readonly kind: 'unknown'; readonly runId: string };

/** Names for the two state machines in the events below: the closer tells fleets from units by ARN. */
const UNIT_MACHINE = 'local-unit';
const FLEET_MACHINE = 'local-fleet';

/**
 * Stops a run of the local history whose process is gone: the closer gets the `ABORTED` status change
 * its execution would have sent, closes the run (a fleet's, with every unit run it left open) as
 * `RunAbandoned` and releases its claims. A run still executing is stopped by its own process (Ctrl+C).
 */
export async function stopLocalRun(
  history: HistoryStore,
  runId: string,
  clock: Pick<Clock, 'now'>,
): Promise<LocalStop> {
  const close = closeAbandonedRun({ history, clock, fleetStateMachineArn: stateMachineArn(FLEET_MACHINE) });
  const aborted = (stateMachine: string) =>
    executionStatusChange({
      executionArn: `${stateMachineArn(stateMachine).replace(':stateMachine:', ':execution:')}:${runId}`,
      name: runId,
      stateMachine,
      status: 'ABORTED',
      input: {},
      startDate: clock.now(),
      stopDate: clock.now(),
    });
  if (await history.getRun(runId)) {
    const { closed } = (await close(aborted(UNIT_MACHINE))) as { closed: boolean };
    return { kind: 'unit', runId, closed };
  }
  if (await history.fleet.getRun(runId)) {
    const { unitRunsClosed } = (await close(aborted(FLEET_MACHINE))) as { unitRunsClosed: string[] };
    return { kind: 'fleet', runId, unitRunsClosed };
  }
  return { kind: 'unknown', runId };
}
