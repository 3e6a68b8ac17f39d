import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListedRun } from '#core/history/run-list.js';
import { type RunningSimulator, startSimulator } from '#simulator/index.js';

const run = promisify(execFile);
const base = 'en-US_BroadbandModel';
const ids = {
  notes: '0d000000-0000-4000-8000-000000000001',
  headsets: '0d000000-0000-4000-8000-000000000002',
};
/** The simulator's and the CLI's time scale: the acoustic upgrade (20 audio minutes) takes about 20 s. */
const timeScale = 60;

/** Collects a child's output and resolves when it matches, so the test acts while the child runs. */
function watch(child: ChildProcess) {
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const waiter of waiters.filter((w) => w.pattern.test(stdout))) waiter.resolve();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return {
    exited,
    output: () => ({ stdout, stderr }),
    until: (pattern: RegExp) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(stdout)) return resolve();
        waiters.push({ pattern, resolve });
        exited.then(() => reject(new Error(`exited before ${pattern}:\n${stdout}\n${stderr}`)));
      }),
  };
}

describe('commands side by side on one data directory', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'side-by-side-'));
  let simulator: RunningSimulator;

  beforeAll(async () => {
    simulator = await startSimulator({ seed: 7, timeScale });
    simulator.seedFleet({ baseModels: [{ name: base, versions: ['v2020-01-16', 'v2026-11-24'] }] });
    const old = { baseModelName: base, version: 'v2020-01-16', status: 'available' as const };
    simulator.seedFleet({
      languageModels: [{ customizationId: ids.notes, name: 'claims-notes', words: 20, ...old }],
      acousticModels: [{ customizationId: ids.headsets, name: 'claims-headsets', audioMinutes: 20, ...old }],
    });
  });
  afterAll(async () => {
    await simulator.stop();
  });

  it('history answers while upgrade --yes holds the local store, and the upgrade shows progress before a model finishes', async () => {
    const upgrade = watch(
      spawn(
        process.execPath,
        [
          'bin/stt-upgrader.js',
          'upgrade',
          '--yes',
          ...['--service-url', simulator.url, '--auth', 'none', '--data-dir', dataDir],
          ...['--release-date', `${base}=2026-11-24`, '--time-scale', String(timeScale)],
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );
    try {
      await upgrade.until(/claims-headsets\s+upgrade\s+wait for upgrade/);
      const { stdout: beforeHistory } = upgrade.output();
      const fleetRun = /^Fleet run (upgrade-\S+):/m.exec(beforeHistory)?.[1] ?? '';
      expect(fleetRun).not.toBe('');

      const history = await run(
        process.execPath,
        ['bin/stt-upgrader.js', 'history', '--data-dir', dataDir, '--json'],
        { timeout: 120_000 },
      );
      const { runs } = JSON.parse(history.stdout) as { runs: ListedRun[] };
      const fleet = runs.find((listed) => listed.kind === 'fleet' && listed.run.fleetRunId === fleetRun);
      expect(fleet?.run.outcome).toBe('running');
      // The acoustic model was still upgrading when history answered.
      expect(upgrade.output().stdout).not.toMatch(/claims-headsets\s+upgrade\s+done/);

      expect(await upgrade.exited).toBe(0);
      const { stdout } = upgrade.output();
      const firstProgress = stdout.search(/claims-headsets\s+\S+\s+start upgrade/);
      const firstDone = stdout.search(/\sdone\s+\d+\s*$/m);
      expect(firstProgress).toBeGreaterThan(0);
      expect(firstProgress).toBeLessThan(firstDone);
      expect(stdout).toMatch(/acoustic\s+claims-headsets\s+upgraded/);
    } finally {
      await upgrade.exited.catch(() => undefined);
    }
  }, 240_000);
});
