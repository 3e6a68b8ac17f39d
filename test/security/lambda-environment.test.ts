import { afterEach, describe, expect, it } from 'vitest';
import { handler as planFleet } from '#handlers/plan-fleet.js';
import { handler as validateUnit } from '#handlers/validate-unit.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

/** The environment the stack gives a unit handler, with `changes` applied. */
function environment(changes: Record<string, string | undefined>) {
  process.env = { ...saved, HISTORY_TABLE_NAME: 'History', SETTINGS_BUCKET: 'settings', ...changes };
}

describe('a Lambda whose environment is wrong', () => {
  it('fails with InvalidInput naming the variable that is not JSON', async () => {
    environment({ POLL_POLICY: 'not json' });
    await expect(validateUnit({})).rejects.toMatchObject({
      name: 'InvalidInput',
      message: expect.stringContaining('POLL_POLICY: must be JSON'),
    });
  });

  it('names the field inside a JSON variable of the wrong shape', async () => {
    environment({ POLL_POLICY: JSON.stringify({ acousticIntervalSeconds: -1 }) });
    await expect(validateUnit({})).rejects.toMatchObject({
      name: 'InvalidInput',
      message: expect.stringContaining('acousticIntervalSeconds'),
    });
  });

  it('names a missing settings store', async () => {
    environment({ SETTINGS_BUCKET: undefined });
    await expect(planFleet({})).rejects.toMatchObject({
      name: 'InvalidInput',
      message: expect.stringContaining('SETTINGS_BUCKET'),
    });
  });
});
