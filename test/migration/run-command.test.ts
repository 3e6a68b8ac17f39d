import { describe, expect, it } from 'vitest';
import { main } from '#cli/main.js';

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['migrate', 'run', ...args], {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
  });
  return { code, out: out.join(''), err: err.join('') };
}

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
