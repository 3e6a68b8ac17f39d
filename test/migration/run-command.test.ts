import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NoAuthAuthenticator } from 'ibm-watson/auth/index.js';
import SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '#cli/main.js';
import { ManualClock, type RunningSimulator, startSimulator } from '#simulator/index.js';

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

describe('a migration fleet run on this machine, then its status', () => {
  let simulator: RunningSimulator;
  let dir: string;
  let sourceId: string;
  beforeAll(async () => {
    simulator = await startSimulator({ clock: new ManualClock(Date.UTC(2026, 0, 1)), seed: 5 });
    dir = mkdtempSync(path.join(tmpdir(), 'migrate-fleet-cli-'));
    const sdk = new SpeechToTextV1({ authenticator: new NoAuthAuthenticator(), serviceUrl: simulator.url });
    sourceId = (await sdk.createLanguageModel({ name: 'untested', baseModelName: 'en-US_Telephony' })).result
      .customization_id;
    await sdk.addWords({ customizationId: sourceId, words: [{ word: 'copay', sounds_like: ['co pay'] }] });
  }, 60_000);
  afterAll(async () => {
    await simulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the run, shows it by its id, and names an id the history does not know', async () => {
    const fleet = await run(
      '--service-url',
      simulator.url,
      '--auth',
      'none',
      '--fleet',
      '--yes',
      '--data-dir',
      dir,
    );
    expect(fleet.code).toBe(1);
    const id = /Migration fleet run (migrate-fleet-\d+): 0 of 1 model\(s\) migrated/.exec(fleet.out)?.[1];
    expect(id).toBeDefined();
    expect(fleet.out).toMatch(/untested \(local\): SourceNotAvailable/);

    const status = await migrate('status', '--fleet-run', id as string, '--data-dir', dir, '--json');
    expect(status.code).toBe(0);
    const shown = JSON.parse(status.out) as {
      fleetRun: { summary: unknown };
      migrations: { sourceId: string }[];
    };
    expect(shown.fleetRun.summary).toMatchObject({ planned: 1, failed: 1, migrated: 0 });
    expect(shown.migrations.map((m) => m.sourceId)).toEqual([sourceId]);

    const unknown = await migrate('status', '--fleet-run', 'migrate-fleet-x', '--data-dir', dir);
    expect(unknown).toMatchObject({
      code: 1,
      err: "No migration fleet run 'migrate-fleet-x' is recorded.\n",
    });
  }, 120_000);
});
