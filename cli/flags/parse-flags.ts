import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { z } from 'zod';
import { InvalidInputError } from '#core/contract/errors.js';
import { describeIssues } from '#core/contract/parse.js';

/**
 * Command-line flags, read by `flags` and checked with `schema`. An unknown flag, a missing value
 * or a bad one is `InvalidInput` with one issue per flag, each led by `--<flag>`.
 */
export function parseFlags<T extends z.ZodType>(
  args: readonly string[],
  flags: NonNullable<ParseArgsConfig['options']>,
  schema: T,
): z.output<T> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: [...args], strict: true, options: flags }).values;
  } catch (error) {
    throw new InvalidInputError('Command line', [(error as Error).message]);
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    throw new InvalidInputError(
      'Command line',
      describeIssues(parsed.error).map((issue) => `--${issue}`),
    );
  }
  return parsed.data;
}

/** What was wrong with the flags, one problem a line, for a command's standard error. */
export function flagProblems(error: unknown): string {
  if (error instanceof InvalidInputError) return error.issues.join('\n');
  return error instanceof Error ? error.message : String(error);
}
