import { describe, expect, it } from 'vitest';
import { fleetStartLog } from '#core/fleet/fleet-start-log.js';

const words = { started: { dryRun: true }, handledBefore: 'scheduled scan of this date already started' };

describe('fleetStartLog', () => {
  it('names the new execution and what the run covers', () => {
    expect(fleetStartLog({ started: true, executionArn: 'arn:x' }, 'schedule-2026-12-01', words)).toEqual({
      message: 'fleet run started',
      fields: { name: 'schedule-2026-12-01', executionArn: 'arn:x', dryRun: true },
    });
  });

  it('says a taken name is a no-op, in the trigger’s words, with why', () => {
    const start = { started: false, reason: 'already-exists', message: 'Execution Already Exists' } as const;
    expect(fleetStartLog(start, 'schedule-2026-12-01', words)).toEqual({
      message: 'scheduled scan of this date already started; nothing to do',
      fields: { name: 'schedule-2026-12-01', reason: 'already-exists', detail: 'Execution Already Exists' },
    });
  });
});
