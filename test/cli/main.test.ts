import { describe, expect, it } from 'vitest';
import { commands } from '#cli/main.js';
import { cli } from './in-process.js';

describe('stt-upgrader dispatch', () => {
  it('lists every command in its usage', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    for (const command of ['release-notes parse', 'history', 'plan', 'upgrade --yes', 'verify', 'wer'])
      expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    for (const command of commands) expect(stdout).toContain(command.synopsis);
  });

  it.each(commands.map((command) => [command.words.join(' '), command] as const))(
    '%s --help names every flag its parser accepts',
    async (_name, command) => {
      for (const help of ['--help', '-h']) {
        const { code, stdout } = await cli([...command.words, help]);
        expect(code).toBe(0);
        for (const [flag, definition] of Object.entries(command.flags)) {
          expect(stdout, `--${flag}`).toMatch(new RegExp(`--${flag}(?![a-z-])`));
          if (definition.short)
            expect(stdout, `-${definition.short}`).toMatch(new RegExp(`-${definition.short}\\b`));
        }
      }
    },
  );

  it('exits 2 with the usage when given nothing, and 0 with it when asked', async () => {
    const bare = await cli([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('usage: stt-upgrader <command>');
    expect((await cli(['help', 'history'])).stdout).toContain('usage: stt-upgrader history');
  });

  it('answers a command group: its subcommands with --help, usage and exit 2 without one or for a wrong one', async () => {
    const help = await cli(['release-notes', '--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('release-notes parse <file-or-url>');
    const bare = await cli(['release-notes']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('release-notes parse <file-or-url>');
    const wrong = await cli(['release-notes', 'frobnicate']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('unknown command: release-notes frobnicate');
  });

  it.each(commands.map((command) => [command.words.join(' '), command] as const))(
    '%s refuses an unknown flag with exit 2 and its usage',
    async (_name, command) => {
      const { code, stderr } = await cli([...command.words, '--no-such-flag']);
      expect(code).toBe(2);
      expect(stderr).toContain("'--no-such-flag'");
      expect(stderr).toMatch(/^usage: stt-upgrader /m);
      expect(stderr).toContain(`stt-upgrader ${command.words.join(' ')}`);
    },
  );

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
