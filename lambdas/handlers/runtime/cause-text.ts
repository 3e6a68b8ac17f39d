import { z } from 'zod';

/** What AWS puts in a Catch's `Cause` when a Lambda throws. */
const lambdaErrorCauseSchema = z.object({ errorMessage: z.string() });

/**
 * A Lambda error reaches a Catch as JSON (`{"errorType","errorMessage","trace"}`); other errors as
 * plain text. Either way operators want the message only.
 */
export function causeText(cause: string | null | undefined): string {
  if (!cause) return 'no cause given';
  try {
    const parsed = lambdaErrorCauseSchema.safeParse(JSON.parse(cause));
    if (parsed.success) return parsed.data.errorMessage;
  } catch {
    // Not JSON: the cause is already the message.
  }
  return cause;
}
