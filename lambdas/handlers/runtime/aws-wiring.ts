import { z } from 'zod';
import { HistoryStore } from '#adapters/history-store/index.js';
import { systemClock } from '#adapters/system-clock.js';
import { parseOrThrow } from '#core/contract/parse.js';
import { bucketNameSchema, testSetStores } from './test-set-stores.js';
import type { Wiring } from './wiring.js';

/** The environment as `schema` reads it; a missing or malformed variable is `InvalidInput` naming it. */
export function parseEnvironment<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.output<T> {
  return parseOrThrow(schema, env, 'Lambda environment');
}

/** What the stack gives every function that keeps records: the history table. */
export const historyEnvironmentSchema = z.object({ HISTORY_TABLE_NAME: z.string().min(1) });

/** The history table and the wall clock. */
export function awsHistoryWiring(
  env: z.output<typeof historyEnvironmentSchema>,
): Pick<Wiring, 'history' | 'clock'> {
  return { history: new HistoryStore({ tableName: env.HISTORY_TABLE_NAME }), clock: systemClock };
}

/** Besides the history table, the test-set bucket where there is one (transcripts, reports). */
export const recordsEnvironmentSchema = historyEnvironmentSchema.extend({
  TEST_SET_BUCKET: bucketNameSchema.optional(),
  AWS_REGION: z.string().optional(),
});

/** The history table, the wall clock and the test-set bucket. */
export function awsRecordsWiring(
  env: z.output<typeof recordsEnvironmentSchema>,
): Pick<Wiring, 'history' | 'clock' | 'testSets'> {
  return {
    ...awsHistoryWiring(env),
    testSets: testSetStores(
      { testSets: env.TEST_SET_BUCKET && `s3://${env.TEST_SET_BUCKET}` },
      env.AWS_REGION,
    ),
  };
}
