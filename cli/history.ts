import path from 'node:path';
import { z } from 'zod';
import { HistoryStore } from '#adapters/history-store/index.js';
import { listLocalTables, startLocalDynamo } from '#local/dynamodb/index.js';
import { flagProblems, parseFlags } from '#local/parse-flags.js';
import type { CommandIo } from './command-io.js';
import { formatHistory, type HistoryAnswer } from './report/history-report.js';

const usage = `usage: stt-upgrader history [--model ID --instance ID | --run RUN_ID | --failed-days N] [--json]
                            [--data-dir DIR | --aws --table-name NAME [--region R]]

Without a question: the most recent runs. Local history by default (what npm start recorded);
with --aws the deployed history table, read with your AWS credentials. For a run or a model, each
verified upgrade follows its attempts: the outcome, the old and new word error rates on its test
set, the words lost and, for a regression, the base_model_version clients can pin.
`;

const optionsSchema = z
  .object({
    model: z.string().min(1).optional(),
    instance: z.string().min(1).optional(),
    run: z.string().min(1).optional(),
    'failed-days': z.coerce.number().int().min(1).max(366).optional(),
    json: z.boolean().default(false),
    'data-dir': z.string().min(1).default('.local-data'),
    aws: z.boolean().default(false),
    'table-name': z.string().min(3).optional(),
    region: z.string().min(1).optional(),
  })
  .refine((o) => !o.model || o.instance, { path: ['instance'], message: 'is required with --model' })
  .refine((o) => !o.aws || o['table-name'], { path: ['table-name'], message: 'is required with --aws' });
type HistoryOptions = z.infer<typeof optionsSchema>;

/**
 * `stt-upgrader history`: what happened to a model, what ran in a run, what failed lately.
 * Exit codes: 0 answered, 1 the history could not be read, 2 usage.
 */
export async function historyCommand(args: string[], io: CommandIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(usage);
    return 0;
  }
  let options: HistoryOptions;
  try {
    options = parseFlags(
      args,
      {
        model: { type: 'string' },
        instance: { type: 'string' },
        run: { type: 'string' },
        'failed-days': { type: 'string' },
        json: { type: 'boolean' },
        'data-dir': { type: 'string' },
        aws: { type: 'boolean' },
        'table-name': { type: 'string' },
        region: { type: 'string' },
      },
      optionsSchema,
    );
  } catch (error) {
    io.stderr(`${flagProblems(error)}\n${usage}`);
    return 2;
  }
  try {
    return await withStore(options, async (store) => {
      const answer = await ask(store, options);
      io.stdout(options.json ? `${JSON.stringify(answer, null, 2)}\n` : formatHistory(answer));
      return 0;
    });
  } catch (error) {
    io.stderr(`cannot read history: ${(error as Error).message}\n`);
    return 1;
  }
}

async function ask(store: HistoryStore, options: HistoryOptions): Promise<HistoryAnswer> {
  if (options.model && options.instance) {
    const { model } = options;
    const attempts = await store.modelHistory(options.instance, model);
    const records = await Promise.all(attempts.map((a) => store.verification.get(a.runId, model)));
    return { attempts, verifications: records.filter((r) => r !== undefined) };
  }
  if (options.run) {
    const [{ run, attempts }, verifications] = await Promise.all([
      store.runHistory(options.run),
      store.verification.ofRun(options.run),
    ]);
    return { run: run ?? null, attempts, verifications };
  }
  if (options['failed-days']) {
    const until = new Date();
    const since = new Date(until.getTime() - options['failed-days'] * 86_400_000);
    return {
      attempts: await store.failuresSince(since.toISOString(), until.toISOString()),
      verifications: [],
    };
  }
  const runs = await store.recentRuns(10_000);
  return { runs: runs.toSorted((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, 20) };
}

/** The history table: the deployed one with `tableName`, else the local one under `dataDir`. */
export async function withHistory<T>(
  where: {
    readonly dataDir: string;
    readonly tableName?: string | undefined;
    readonly region?: string | undefined;
  },
  use: (store: HistoryStore) => Promise<T>,
): Promise<T> {
  if (where.tableName !== undefined) {
    return use(
      new HistoryStore({ tableName: where.tableName, ...(where.region ? { region: where.region } : {}) }),
    );
  }
  const dynamo = await startLocalDynamo({ path: path.join(path.resolve(where.dataDir), 'dynamodb') });
  try {
    const tables = await listLocalTables(dynamo.endpoint);
    const tableName = tables.find((name) => name.startsWith('History'));
    if (!tableName) throw new Error(`no local history in ${where.dataDir}: run npm start first`);
    return await use(
      new HistoryStore({
        tableName,
        endpoint: dynamo.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );
  } finally {
    await dynamo.stop();
  }
}

async function withStore<T>(options: HistoryOptions, use: (store: HistoryStore) => Promise<T>): Promise<T> {
  return withHistory(
    {
      dataDir: options['data-dir'],
      ...(options.aws && { tableName: options['table-name'] ?? '' }),
      ...(options.region && { region: options.region }),
    },
    use,
  );
}
