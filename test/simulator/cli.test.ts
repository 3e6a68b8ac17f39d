import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError, parseCli, simulatorFlags, usage } from '#simulator/cli-args.js';

const main = 'simulator/main.ts';

function run(args: string[]) {
  // tsx itself (not npx) so SIGTERM reaches the process that relays it to the simulator.
  const child = spawn('node_modules/.bin/tsx', [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('simulator command line', () => {
  it('prints the listening line, serves the demo fleet, and exits 0 on SIGTERM', async () => {
    const proc = run(['--port', '0', '--seed', '3', '--fleet', 'simulator/fleets/demo.json']);
    const url = await new Promise<string>((resolve, reject) => {
      proc.child.stdout.on('data', () => {
        const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n(.+)\n/.exec(proc.out());
        if (match?.[1]) resolve(match[1]);
      });
      proc.exited.then(() => reject(new Error(`exited early: ${proc.err()}`)));
    });
    const res = await fetch(`${url}/v1/customizations`);
    expect(((await res.json()) as { customizations: unknown[] }).customizations).toHaveLength(6);
    expect(proc.out().split('\n')[1]).toMatch(/SIGTERM/);
    proc.child.kill('SIGTERM');
    const [code] = await proc.exited;
    expect(code).toBe(0);
  });

  it('answers --help with every flag it accepts and the bodies of its controls, and exits 0', async () => {
    const proc = run(['--help']);
    const [code] = await proc.exited;
    expect(code).toBe(0);
    expect(proc.out()).toBe(`${usage}\n`);
    for (const flag of Object.keys(simulatorFlags)) expect(usage).toMatch(new RegExp(`--${flag}(?![a-z-])`));
    for (const control of ['recognition/references', 'recognition/profiles', 'faults', 'fleet', 'reset'])
      expect(usage).toMatch(new RegExp(`^ {2}(POST|GET|DELETE) +${control}`, 'm'));
    expect(usage).toContain('"sha256":"<SHA-256 of the audio bytes>","text":"what it says"');
  });

  it('stops and frees its port when npm run simulator is sent SIGTERM', async () => {
    const npm = spawn('npm', ['run', '--silent', 'simulator', '--', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      npm.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      npm.on('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    expect((await fetch(`${url}/v1/customizations`)).status).toBe(200);
    npm.kill('SIGTERM');
    let refused = false;
    for (let attempt = 0; attempt < 100 && !refused; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      refused = await fetch(`${url}/v1/customizations`).then(
        () => false,
        () => true,
      );
    }
    expect(refused).toBe(true);
  }, 60_000);

  it('exits 2 with a message naming a bad flag', async () => {
    const proc = run(['--port', 'abc']);
    const [code] = await proc.exited;
    expect(code).toBe(2);
    expect(proc.err()).toContain("--port must be an integer from 0 to 65535, got 'abc'");
  });
});

describe('command-line parsing', () => {
  it('builds the options from every flag', () => {
    expect(
      parseCli([
        '--port',
        '9080',
        '--time-scale',
        '60',
        '--auth',
        'iam',
        '--apikey',
        'k',
        '--seed',
        '5',
        '--already-up-to-date',
        'no-op',
        '--platform',
        'cpd',
      ]),
    ).toEqual({
      port: 9080,
      timeScale: 60,
      auth: { kind: 'iam', apikey: 'k' },
      seed: 5,
      alreadyUpToDate: 'no-op',
      platform: 'cpd',
    });
    expect(parseCli(['--auth', 'cp4d', '--username', 'u', '--password', 'p']).auth).toEqual({
      kind: 'cp4d',
      username: 'u',
      password: 'p',
    });
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['--time-scale', '0'], '--time-scale must be a positive number'],
    [['--auth', 'oauth'], '--auth must be one of none, iam, basic, cp4d'],
    [['--auth', 'iam'], '--auth iam needs --apikey'],
    [['--auth', 'cp4d', '--username', 'u'], '--auth cp4d needs --password or --apikey'],
    [['--already-up-to-date', 'maybe'], '--already-up-to-date must be reject or no-op'],
    [['--seed=-1'], '--seed must be an integer'],
    [['--platform', 'icp'], '--platform must be cloud or cpd'],
  ])('rejects %j naming the flag', (args, message) => {
    expect(() => parseCli(args)).toThrow(CliError);
    expect(() => parseCli(args)).toThrow(message);
  });

  it('names the bad field of a --fleet file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fleet-')), 'fleet.json');
    writeFileSync(file, JSON.stringify({ languageModels: [{ name: 'a' }] }));
    expect(() => parseCli(['--fleet', file])).toThrow(/--fleet .*languageModels\.0\.baseModelName/);
  });
});
