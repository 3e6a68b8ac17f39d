import type { EventEmitter } from 'node:events';
import type { LocalUpgrader } from './local-upgrader.js';

/** The error and cause a Ctrl+C stops executions with, as an operator's StopExecution would give them. */
export const interruptStop = { error: 'Interrupted', cause: 'stopped with Ctrl+C' } as const;

/** The one line a stopped command ends with. */
export const resumeHint =
  'Stopped: the runs are recorded as abandoned and their claims released. Run the same command again to resume.\n';

/** A command stopped with Ctrl+C; its executions were stopped and their runs closed. */
export class RunInterruptedError extends Error {
  override readonly name = 'RunInterrupted';
  constructor() {
    super(resumeHint.trim());
  }
}

/**
 * Runs `work` so that Ctrl+C (SIGINT) stops the upgrader's running executions the way StopExecution
 * does: each ends ABORTED, the closer closes the runs they left open and releases their claims, and
 * `work` then rejects with `RunInterruptedError`. Without a Ctrl+C, `work`'s own result.
 */
export async function stoppingOnInterrupt<T>(
  upgrader: Pick<LocalUpgrader, 'stopAll'>,
  work: () => Promise<T>,
  signals: Pick<EventEmitter, 'on' | 'off'> = process,
): Promise<T> {
  let stopping: Promise<unknown> | undefined;
  const onInterrupt = () => {
    stopping ??= upgrader.stopAll(interruptStop);
  };
  signals.on('SIGINT', onInterrupt);
  try {
    const result = await work().catch((error: unknown) => {
      if (!stopping) throw error;
    });
    if (stopping) {
      await stopping;
      throw new RunInterruptedError();
    }
    return result as T;
  } finally {
    signals.off('SIGINT', onInterrupt);
  }
}
