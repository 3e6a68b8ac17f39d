import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '#cli/main.js';

async function migrate(command: 'run' | 'status', ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['migrate', command, ...args], {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
  });
  return { code, out: out.join(''), err: err.join('') };
}
const run = (...args: string[]) => migrate('run', ...args);

const arn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:MigrationFleet';
const source = '0a000000-0000-4000-8000-000000000001';

describe('stt-upgrader migrate run --fleet', () => {
  it('names the missing state machine of the deployed fleet', async () => {
    const { code, err } = await run('--fleet', '--aws', '--yes');
    expect(code).toBe(2);
    expect(err).toMatch(/--migration-fleet-state-machine-arn: required with --fleet --aws/);
  });

  it('without --yes, says what it would start and starts nothing', async () => {
    const { code, out } = await run(
      '--fleet',
      '--aws',
      '--migration-fleet-state-machine-arn',
      arn,
      '--instance-id',
      'prod',
      '--model',
      source,
    );
    expect(code).toBe(0);
    expect(out).toBe(
      `Would start the migration fleet with {"instanceIds":["prod"],"sourceIds":["${source}"]}. Add --yes to start it.\n`,
    );
  });

  it('lists the fleet option in its help', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/--fleet +as one migration fleet run/);
  });
});

describe('stt-upgrader migrate status --fleet-run', () => {
  it('names a fleet run the history does not know', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'migrate-status-'));
    try {
      const { code, err } = await migrate('status', '--fleet-run', 'migrate-fleet-x', '--data-dir', dir);
      expect(code).toBe(1);
      expect(err).toBe("No migration fleet run 'migrate-fleet-x' is recorded.\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
