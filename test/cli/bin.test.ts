import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('the stt-upgrader executable', () => {
  it('loads the TypeScript CLI without a build step and dispatches a command', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        'bin/stt-upgrader.js',
        'release-notes',
        'parse',
        'test/fixtures/release-notes/cloud-2018-bullets.md',
        '--json',
      ],
      {
        timeout: 60_000,
      },
    );
    const entries = JSON.parse(stdout) as { baseModels: string[] }[];
    expect(entries.length).toBeGreaterThan(0);
  });

  it('runs from any directory, as npm exec --prefix and npm link start it', async () => {
    const fixture = path.resolve('test/fixtures/release-notes/cloud-2018-bullets.md');
    const { stdout } = await run(
      process.execPath,
      [path.resolve('bin/stt-upgrader.js'), 'release-notes', 'parse', fixture, '--json'],
      { cwd: tmpdir(), timeout: 60_000 },
    );
    expect((JSON.parse(stdout) as unknown[]).length).toBeGreaterThan(0);
  });

  it('exits 2 with the usage for an unknown command', async () => {
    const failure = await run(process.execPath, ['bin/stt-upgrader.js', 'frobnicate'], {
      timeout: 60_000,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('unknown command: frobnicate');
  });
});
