import type { z } from 'zod';

/** Thrown for bad seeds, faults and control bodies: each issue names the offending field. */
export class SimulatorInputError extends Error {
  constructor(
    what: string,
    readonly issues: readonly string[],
  ) {
    super(`${what} is invalid: ${issues.join('; ')}`);
    this.name = 'SimulatorInputError';
  }
}

/** `path.to.field: message`, one per zod issue. */
export function describeZodIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

export function parseInput<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new SimulatorInputError(what, describeZodIssues(result.error));
  return result.data;
}
