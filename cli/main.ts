import type { CommandIo } from './command-io.js';
import { historyCommand } from './history.js';
import { migratePlanCommand, migrateRunCommand, migrateStatusCommand } from './migrate.js';
import { planCommand } from './plan.js';
import { releaseNotesParseCommand } from './release-notes.js';
import { stopCommand } from './stop.js';
import { upgradeCommand } from './upgrade.js';
import { verifyCommand } from './verify.js';
import { watchCommand } from './watch.js';
import { werCommand } from './wer.js';

const usage = `usage: stt-upgrader <command>

  release-notes parse <file-or-url> [--json]   base-model updates announced in IBM's release notes
  history [...]                                what happened to a model, in a run, or failed lately
  plan [...]                                   what an upgrade would do (a dry run); --help for flags
  upgrade --yes [...]                          upgrade the models behind; --help for flags
  stop <run> [--aws ...]                       stop a run; its open runs are closed, claims released
  verify <connection> --model ID [...]         old against new version on a test set; --help for flags
  wer --reference REF --hypothesis HYP [...]   word error rate of transcript files; --help for flags
  migrate plan <connection> [...]              moving custom models to large speech models; --help for flags
  migrate run <connection> --yes [...]         run those migrations (Step Functions); --help for flags
  migrate status [...]                         source -> new model and verdict of each migration
  watch run|status|accept [...]                the accuracy watch: measure, show, accept a baseline; --help
`;

/** The operator CLI: dispatches to one command and returns its exit code. */
export async function main(args: string[], io: CommandIo): Promise<number> {
  const [command, sub, ...rest] = args;
  if (command === 'release-notes' && sub === 'parse') return releaseNotesParseCommand(rest, io);
  if (command === 'history') return historyCommand(args.slice(1), io);
  if (command === 'plan') return planCommand(args.slice(1), io);
  if (command === 'upgrade') return upgradeCommand(args.slice(1), io);
  if (command === 'stop') return stopCommand(args.slice(1), io);
  if (command === 'verify') return verifyCommand(args.slice(1), io);
  if (command === 'wer') return werCommand(args.slice(1), io);
  if (command === 'migrate' && sub === 'plan') return migratePlanCommand(rest, io);
  if (command === 'migrate' && sub === 'run') return migrateRunCommand(rest, io);
  if (command === 'migrate' && sub === 'status') return migrateStatusCommand(rest, io);
  if (command === 'watch') return watchCommand(args.slice(1), io);
  if (command === undefined || command === 'help' || command === '--help') {
    io.stdout(usage);
    return 0;
  }
  io.stderr(`unknown command: ${args.join(' ')}\n${usage}`);
  return 2;
}
