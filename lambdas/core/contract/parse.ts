import type { z } from 'zod';
import { InvalidInputError } from './errors.js';

/** One line per zod issue, led by the path of the offending field (`acousticModels.1.customizationId: ...`). */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

/** Parses `value` with `schema` or throws `InvalidInput` naming `what` and every offending field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidInputError(what, describeIssues(result.error));
  return result.data;
}
