import type { FleetStart } from '../release/trigger-ports.js';

/** One structured log line, as a trigger writes it. */
export interface LogLine {
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * What a trigger logs of the fleet run it asked for: the new execution, or that the trigger was
 * handled before (the run's name was taken), which is a no-op and says so in the trigger's words.
 */
export function fleetStartLog(
  start: FleetStart,
  name: string,
  words: {
    /** Fields that say what the new run covers. */
    readonly started: Readonly<Record<string, unknown>>;
    /** Why a taken name means there is nothing to do. */
    readonly handledBefore: string;
  },
): LogLine {
  if (start.started) {
    return {
      message: 'fleet run started',
      fields: { name, executionArn: start.executionArn, ...words.started },
    };
  }
  return {
    message: `${words.handledBefore}; nothing to do`,
    fields: { name, reason: start.reason, detail: start.message },
  };
}
