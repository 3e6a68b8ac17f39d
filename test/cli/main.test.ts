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
    for (const command of ['release-notes parse', 'history', 'plan', 'upgrade --yes', 'wer'])
      expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it.each([
    ['history', 'usage: stt-upgrader history'],
    ['plan', 'usage: stt-upgrader plan'],
    ['upgrade', 'usage: stt-upgrader upgrade'],
    ['wer', 'usage: stt-upgrader wer'],
  ])('hands %s --help to that command', async (command, usage) => {
    const { code, stdout } = await cli([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(usage);
  });
});
