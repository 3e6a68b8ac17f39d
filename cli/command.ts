import type { ParseArgsConfig } from 'node:util';
import type { CommandIo } from './command-io.js';

/** Flag definitions as `node:util` parseArgs takes them. */
export type FlagDefinitions = NonNullable<ParseArgsConfig['options']>;

/**
 * One command of the operator CLI. `flags` is the very object the command's parser reads, so the
 * help test can check that `usage` names every flag the command accepts.
 */
export interface CliCommand {
  /** The words that name it: `['history']`, or `['release-notes', 'parse']` for a subcommand. */
  readonly words: readonly string[];
  /** Its line in `stt-upgrader --help`: the synopsis, then what it does. */
  readonly synopsis: string;
  readonly summary: string;
  readonly flags: FlagDefinitions;
  /** What `--help` prints: every flag with its meaning. */
  readonly usage: string;
  run(args: string[], io: CommandIo): Promise<number>;
}
