import { z } from 'zod';
import { describeIssues } from '#core/contract/parse.js';

const rate = z.number().min(0).max(1);

/**
 * The faults DynamoDB produces that dynalite never does, as rates of data requests (item reads
 * and writes, queries, scans; table management is never faulted). All zero: a plain dynalite.
 */
export const dynamoFaultsSchema = z
  .strictObject({
    /** Seeds every random choice, so a run replays the same faults in the same order of requests. */
    seed: z.number().int().default(1),
    /** Answered 400 `ProvisionedThroughputExceededException` or `ThrottlingException`, not applied. */
    throttleRate: rate.default(0),
    /** Answered 500 `InternalServerError`, not applied. */
    serverErrorRate: rate.default(0),
    /** Writes applied, then answered with a reset connection or a 500: the SDK sends them again. */
    lostAnswerRate: rate.default(0),
    /** Milliseconds before a written item shows in a global secondary index (query or scan of it). */
    indexLagMs: z.number().int().nonnegative().default(0),
  })
  .refine((faults) => faults.throttleRate + faults.serverErrorRate <= 1, {
    message: 'throttleRate + serverErrorRate must be at most 1',
  });
export type DynamoFaults = z.output<typeof dynamoFaultsSchema>;
export type DynamoFaultsInput = z.input<typeof dynamoFaultsSchema>;

export function parseDynamoFaults(input: unknown): DynamoFaults {
  const parsed = dynamoFaultsSchema.safeParse(input);
  if (!parsed.success) throw new Error(`DynamoDB faults: ${describeIssues(parsed.error).join('; ')}`);
  return parsed.data;
}

/** What the front did, for audits and reports. */
export interface DynamoFaultStats {
  readonly requests: number;
  readonly throttled: number;
  readonly serverErrors: number;
  readonly lostAnswers: { readonly reset: number; readonly serverError: number };
  /** Items a query or scan of an index left out because they were written too recently. */
  readonly hiddenFromIndex: number;
}

/** A DynamoDB request as the front sees it, for tests that pick which answer to lose. */
export interface DynamoRequest {
  readonly operation: string;
  readonly body: Record<string, unknown>;
}
