import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBed, type TestBed } from '#testkit/local-fleet.js';

const instanceId = 'contact-center';
const languageModelId = '0d000000-0000-4000-8000-000000000001';
const target = {
  instanceId,
  customizationId: languageModelId,
  upgradeStep: 'upgrade',
  targetKey: 'v2026-11-24',
};
/** Each start synthesizes the stack: the two take about 80 s on a loaded 2-core machine. */
const startTimeoutMs = 400_000;

describe('a local run cut short by the process that ran it', () => {
  let bed: TestBed;
  beforeAll(async () => {
    bed = await startTestBed({ timeScale: 1 });
  });
  afterAll(async () => {
    await bed.stop();
  });
  /** The upgrader as `npm start` starts it; nothing here talks to the instance, so its URL is never called. */
  const startUpgrader = () =>
    bed.startUpgrader({ instance: { id: instanceId, serviceUrl: 'http://127.0.0.1:9' } });

  it(
    'is closed as RunAbandoned when local mode starts again, and its claims no longer hold its models',
    async () => {
      const before = await startUpgrader();
      await before.history.startRun({
        runId: 'cut-short',
        instanceId,
        trigger: { type: 'manual', id: 'npm-start' },
        dryRun: false,
        startedAt: '2026-11-24T10:00:00.000Z',
        modelIds: [languageModelId],
      });
      expect((await before.history.claim(target, 'cut-short', '2026-11-24T10:01:00.000Z')).granted).toBe(
        true,
      );
      expect((await before.history.claim(target, 'next-run', '2026-11-24T10:02:00.000Z')).granted).toBe(
        false,
      );

      const after = await startUpgrader();
      const { run } = await after.history.runHistory('cut-short');
      expect(run).toMatchObject({ outcome: 'failed', error: 'RunAbandoned' });
      expect(await after.history.claim(target, 'next-run', new Date().toISOString())).toMatchObject({
        granted: true,
      });
    },
    startTimeoutMs,
  );
});
