import type { ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { flagProblems, parseFlags } from '#cli/flags/parse-flags.js';

/** A bench script's flags parsed by `schema`; a bad flag is named on stderr and the script exits 2. */
export function benchFlags<T extends z.ZodType>(
  args: readonly string[],
  flags: NonNullable<ParseArgsConfig['options']>,
  schema: T,
): z.output<T> {
  try {
    return parseFlags(args, flags, schema);
  } catch (error) {
    process.stderr.write(`${flagProblems(error)}\n`);
    process.exit(2);
  }
}
