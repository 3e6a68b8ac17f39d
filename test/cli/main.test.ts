import { describe, expect, it } from 'vitest';
import { main } from '#cli/main.js';

/** Runs the CLI in-process and collects what it writes. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

describe('stt-upgrader dispatch', () => {
  it('lists every command in its usage', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    for (const command of ['release-notes parse', 'history', 'plan', 'upgrade --yes', 'verify', 'wer'])
      expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it.each([
    ['history', 'usage: stt-upgrader history'],
    ['plan', 'usage: stt-upgrader plan'],
    ['upgrade', 'usage: stt-upgrader upgrade'],
    ['verify', 'usage: stt-upgrader verify'],
    ['wer', 'usage: stt-upgrader wer'],
  ])('hands %s --help to that command', async (command, usage) => {
    const { code, stdout } = await cli([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(usage);
  });

  it('hands verify its arguments: a missing test set is a usage error naming the flag', async () => {
    const { code, stderr } = await cli(['verify', '--service-url', 'http://127.0.0.1:9', '--model', 'm']);
    expect(code).toBe(2);
    expect(stderr).toContain('--test-set');
  });
});
