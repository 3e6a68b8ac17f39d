import type { CliCommand } from './command.js';
import type { CommandIo } from './command-io.js';
import { dryRunSpec } from './dry-run.js';
import { historySpec } from './history.js';
import { migratePlanSpec, migrateRunSpec, migrateStatusSpec } from './migrate.js';
import { pairingsSpec } from './pairings.js';
import { releaseNotesParseSpec } from './release-notes.js';
import { reportSpec } from './report.js';
import { stopSpec } from './stop.js';
import { testSetsUploadSpec } from './test-sets.js';
import { upgradeSpec } from './upgrade.js';
import { verifySpec } from './verify.js';
import { watchSpecs } from './watch.js';
import { werSpec } from './wer.js';

/** Every command of the CLI; a new command is one entry here and its own parser definition. */
export const commands: readonly CliCommand[] = [
  releaseNotesParseSpec,
  historySpec,
  dryRunSpec,
  upgradeSpec,
  stopSpec,
  verifySpec,
  werSpec,
  reportSpec,
  testSetsUploadSpec,
  migratePlanSpec,
  migrateRunSpec,
  migrateStatusSpec,
  ...watchSpecs,
  pairingsSpec,
];

const synopsisWidth = Math.max(...commands.map((c) => c.synopsis.length));

/** The top-level usage, or a command group's (`release-notes`), one line a command. */
function usageOf(group: readonly CliCommand[], prefix = ''): string {
  const lines = group.map((c) => `  ${c.synopsis.padEnd(synopsisWidth)}   ${c.summary}`);
  return `usage: stt-upgrader ${prefix}<command> [flags]\n\n${lines.join('\n')}\n\n'stt-upgrader <command> --help' lists a command's flags.\n`;
}

const asksForHelp = (args: readonly string[]) => args.includes('--help') || args.includes('-h');

/** The operator CLI: dispatches to one command and returns its exit code. */
export async function main(args: string[], io: CommandIo): Promise<number> {
  const [first, second] = args;
  if (first === undefined) {
    io.stderr(usageOf(commands));
    return 2;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const asked = commands.find((c) => c.words.join(' ') === args.slice(1).join(' '));
    io.stdout(asked ? asked.usage : usageOf(commands));
    return 0;
  }
  const command = commands.find((c) => c.words.every((word, i) => args[i] === word));
  if (command) {
    const rest = args.slice(command.words.length);
    if (asksForHelp(rest)) {
      io.stdout(command.usage);
      return 0;
    }
    return command.run(rest, io);
  }
  const group = commands.filter((c) => c.words.length > 1 && c.words[0] === first);
  if (group.length > 0) {
    const groupUsage = usageOf(group, `${first} `);
    if (second === undefined) {
      io.stderr(groupUsage);
      return 2;
    }
    if (asksForHelp([second])) {
      io.stdout(groupUsage);
      return 0;
    }
    io.stderr(`unknown command: ${first} ${second}\n${groupUsage}`);
    return 2;
  }
  io.stderr(`unknown command: ${args.join(' ')}\n${usageOf(commands)}`);
  return 2;
}
