import path from 'node:path';
import { HistoryStore } from '#adapters/history-store/index.js';
import { listLocalTables, startLocalDynamo } from '#local/dynamodb/index.js';

/** Where a command reads the history: the local data directory, or a deployed table with --aws. */
export interface HistorySourceOptions {
  readonly 'data-dir': string;
  readonly aws: boolean;
  readonly 'table-name'?: string | undefined;
  readonly region?: string | undefined;
}

/** Runs `use` with the history the options name; the local emulator is stopped afterwards. */
export async function withHistoryStore<T>(
  options: HistorySourceOptions,
  use: (store: HistoryStore) => Promise<T>,
): Promise<T> {
  if (options.aws) {
    const tableName = options['table-name'] ?? '';
    return use(new HistoryStore({ tableName, ...(options.region ? { region: options.region } : {}) }));
  }
  const dynamo = await startLocalDynamo({ path: path.join(path.resolve(options['data-dir']), 'dynamodb') });
  try {
    const tables = await listLocalTables(dynamo.endpoint);
    const tableName = tables.find((name) => name.startsWith('History'));
    if (!tableName) throw new Error(`no local history in ${options['data-dir']}: run npm start first`);
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
