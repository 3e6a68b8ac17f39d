import { z } from 'zod';

/**
 * A JSON environment variable, parsed and checked with `schema`. Use it as a field of an
 * environment schema: a variable that is not JSON, or JSON of the wrong shape, is an issue that
 * names the variable and the field inside it, never a bare SyntaxError.
 */
export const jsonVariable = <T extends z.ZodType>(schema: T) =>
  z.string().transform((text, ctx): z.output<T> => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON' });
      return z.NEVER;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
      }
      return z.NEVER;
    }
    return parsed.data;
  });
