import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '#cli/main.js';
import { ScaledClock } from '#local/scaled-clock.js';
import { audioSha256, generateWav, type RunningSimulator, startSimulator } from '#simulator/index.js';

const LSM = '0c000000-0000-4000-8000-000000000001';
let simulator: RunningSimulator;
let root: string;

beforeAll(async () => {
  const clock = new ScaledClock(20_000);
  simulator = await startSimulator({
    clock: { now: () => clock.nowMs() },
    seed: 8,
    fleet: {
      languageModels: [{ customizationId: LSM, name: 'claims-lsm', baseModelName: 'en-US', words: 5 }],
    },
  });
  root = mkdtempSync(path.join(tmpdir(), 'watch-command-'));
  const set = path.join(root, 'sets', 'claims');
  mkdirSync(set, { recursive: true });
  const audio = generateWav({ seconds: 2, seed: 4 });
  writeFileSync(path.join(set, 'a.wav'), audio);
  writeFileSync(
    path.join(set, 'manifest.jsonl'),
    `${JSON.stringify({ audio: 'a.wav', reference: 'check my claim' })}\n`,
  );
  simulator.addRecognitionReferences([{ sha256: audioSha256(audio), text: 'check my claim' }]);
}, 60_000);

afterAll(async () => {
  await simulator?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const run = () =>
  main(
    [
      'watch',
      'run',
      '--service-url',
      simulator.url,
      '--auth',
      'none',
      '--test-sets',
      path.join(root, 'sets'),
      '--test-set',
      `${LSM}=claims`,
      '--data-dir',
      path.join(root, 'data'),
      '--json',
    ],
    { stdout: () => undefined, stderr: () => undefined },
  );

describe('stt-upgrader watch', () => {
  it('runs, shows the status, reports a change with exit 1, and accepts a new baseline', async () => {
    expect(await run()).toBe(0);
    simulator.improveBaseModel('en-US', { drops: ['claim'] });
    expect(await run()).toBe(1);
    const status = await cli('watch', 'status', '--data-dir', path.join(root, 'data'));
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/claims-lsm\s+en-US\s+\S+\s+33\.33%\s+0\.00%\s+\S+\s+worse/);
    const accepted = await cli('watch', 'accept', '--model', LSM, '--data-dir', path.join(root, 'data'));
    expect(accepted.stdout).toContain('Baseline of claims-lsm');
    expect(await run()).toBe(0);
  });

  it('says what is missing, with exit 2', async () => {
    const missing = await cli('watch', 'accept', '--data-dir', path.join(root, 'data'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--model: is required with accept');
    const noSets = await cli('watch', 'run', '--service-url', simulator.url, '--auth', 'none');
    expect(noSets.code).toBe(2);
    expect(noSets.stderr).toContain('--test-sets');
  });
});
