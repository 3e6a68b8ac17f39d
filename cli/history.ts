import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HistoryStore } from '#adapters/history-store/index.js';
import { mapWithConcurrency } from '#adapters/test-sets/concurrency.js';
import { flagProblems, parseFlags } from '#cli/flags/parse-flags.js';
import { runsOfTrigger, selectRuns, sinceInstant } from '#core/history/run-list.js';
import { type ModelRef, resolveModel } from '#core/model/model-reference.js';
import { listLocalTables, openSharedStore, type SharedStore } from '#local/dynamodb/index.js';
import { storeFiles } from '#local/dynamodb/store-files.js';
import type { CliCommand } from './command.js';
import type { CommandIo } from './command-io.js';
import { formatHistory, type HistoryAnswer } from './report/history-report.js';

const usage = `usage: stt-upgrader history [--run ID | --model MODEL [--instance ID] | --failed-days N]
                            [--limit N] [--since WHEN] [--json]
                            [--data-dir DIR | --aws --table-name NAME [--region R]]

Without a question: the latest runs, fleet and unit, newest first by when they were recorded.
Local history by default (what npm start, plan and upgrade recorded; readable while they run);
with --aws the deployed history table, read with your AWS credentials. For a run or a model, each
verified upgrade follows its attempts: the outcome, the old and new word error rates on its test
set, the words lost and, for a regression, the base_model_version clients can pin.

  --run ID          a fleet run (release-..., schedule-..., upgrade-..., plan-...), its units and
                    their attempts; a unit run id; or a trigger id (ca4315424bac6395 or
                    release:ca4315424bac6395) for the runs it started
  --model MODEL     a model's attempts, by customization id or name; a name two models share is
                    refused with both
  --instance ID     the instance of --model (needed only when it is ambiguous)
  --failed-days N   attempts that failed in the last N days
  --limit N         at most N runs, or N units of a fleet run (default 20); the output says what was cut
  --since WHEN      runs recorded since a date (2026-12-01), a timestamp, or a span back (90m, 12h, 7d)
  --json            the answer as JSON, records included
  --data-dir DIR    the local history's directory (default .local-data)
  --aws             read the deployed history table instead
  --table-name NAME the stack output HistoryTableName (with --aws)
  --region R        its region (with --aws; default: your AWS configuration's)
  -h, --help        this help

Exit codes: 0 answered, 1 the history could not be read, 2 usage, 3 no run, trigger or model by
that id or name (or a name two models share).
`;

const flags = {
  model: { type: 'string' },
  instance: { type: 'string' },
  run: { type: 'string' },
  'failed-days': { type: 'string' },
  limit: { type: 'string' },
  since: { type: 'string' },
  json: { type: 'boolean' },
  'data-dir': { type: 'string' },
  aws: { type: 'boolean' },
  'table-name': { type: 'string' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const optionsSchema = z
  .object({
    model: z.string().min(1).optional(),
    instance: z.string().min(1).optional(),
    run: z.string().min(1).optional(),
    'failed-days': z.coerce.number().int().min(1).max(366).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(20),
    since: z
      .string()
      .transform((text, ctx) => {
        const instant = sinceInstant(text, new Date());
        if (instant === undefined)
          ctx.addIssue({
            code: 'custom',
            message: 'must be a date, a timestamp or a span such as 12h or 7d',
          });
        return instant ?? '';
      })
      .optional(),
    json: z.boolean().default(false),
    'data-dir': z.string().min(1).default('.local-data'),
    aws: z.boolean().default(false),
    'table-name': z.string().min(3).optional(),
    region: z.string().min(1).optional(),
    help: z.boolean().default(false),
  })
  .refine((o) => !o.instance || o.model, { path: ['instance'], message: 'is used with --model' })
  .refine((o) => [o.run, o.model, o['failed-days']].filter((q) => q !== undefined).length <= 1, {
    path: ['run'],
    message: 'ask one question at a time: --run, --model or --failed-days',
  })
  .refine((o) => !o.aws || o['table-name'], { path: ['table-name'], message: 'is required with --aws' });
type HistoryOptions = z.infer<typeof optionsSchema>;

/** A question the history has no answer to: an unknown id, or a name two models share. */
class NotInHistory extends Error {}

/** Units of a fleet run whose attempts are read at once. */
const UNIT_READS = 8;

/**
 * `stt-upgrader history`: what happened to a model, what ran in a run, what failed lately.
 * Exit codes: 0 answered, 1 the history could not be read, 2 usage, 3 nothing by that id or name.
 */
export async function historyCommand(args: string[], io: CommandIo): Promise<number> {
  let options: HistoryOptions;
  try {
    options = parseFlags(args, flags, optionsSchema);
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
    if (error instanceof NotInHistory) {
      io.stderr(`${error.message}\n`);
      return 3;
    }
    io.stderr(`cannot read history: ${(error as Error).message}\n`);
    return 1;
  }
}

async function ask(store: HistoryStore, options: HistoryOptions): Promise<HistoryAnswer> {
  if (options.model) {
    const model = await findModel(store, options.model, options.instance);
    const attempts = await store.modelHistory(model.instanceId, model.customizationId);
    const records = await Promise.all(
      attempts.map((a) => store.verification.get(a.runId, model.customizationId)),
    );
    return { model, attempts, verifications: records.filter((r) => r !== undefined) };
  }
  if (options.run) return askRun(store, options.run, options.limit);
  if (options['failed-days']) {
    const until = new Date();
    const since = new Date(until.getTime() - options['failed-days'] * 86_400_000);
    return {
      attempts: await store.failuresSince(since.toISOString(), until.toISOString()),
      verifications: [],
    };
  }
  const selection = selectRuns(await store.listRuns(), {
    limit: options.limit,
    ...(options.since ? { since: options.since } : {}),
  });
  return { runs: selection.runs, cut: selection.cut };
}

/** A unit run, a fleet run with its units, or the runs of a trigger, whichever the id names. */
async function askRun(store: HistoryStore, id: string, limit: number): Promise<HistoryAnswer> {
  const [unit, fleetRun] = await Promise.all([
    id.includes('#') ? undefined : store.runHistory(id),
    id.includes('#') ? undefined : store.fleet.getRun(id),
  ]);
  if (unit?.run) {
    const verifications = await store.verification.ofRun(id);
    return { run: unit.run, attempts: unit.attempts, verifications };
  }
  if (fleetRun) {
    const units = await store.fleet.unitOutcomes(id);
    const shown = units.slice(0, limit);
    const perUnit = await mapWithConcurrency(shown, UNIT_READS, async (outcome) => {
      const [history, verifications] = await Promise.all([
        store.runHistory(outcome.unitRunId),
        store.verification.ofRun(outcome.unitRunId),
      ]);
      return { attempts: history.attempts, verifications };
    });
    return {
      fleetRun,
      units: shown,
      unitsCut: units.length - shown.length,
      attempts: perUnit.flatMap((u) => u.attempts),
      verifications: perUnit.flatMap((u) => u.verifications),
    };
  }
  const triggered = runsOfTrigger(await store.listRuns(), id);
  if (triggered.length > 0) {
    const selection = selectRuns(triggered, { limit });
    return { trigger: id, runs: selection.runs, cut: selection.cut };
  }
  throw new NotInHistory(`no fleet run, unit run or trigger '${id}' in the history`);
}

async function findModel(store: HistoryStore, reference: string, instanceId?: string): Promise<ModelRef> {
  const match = resolveModel(reference, await store.knownModels(), instanceId);
  if (match.kind === 'found') return match.model;
  if (match.kind === 'ambiguous') {
    const lines = match.candidates.map(
      (m) => `  --instance ${m.instanceId} --model ${m.customizationId}   (${m.modelName || 'no name'})`,
    );
    throw new NotInHistory(
      `'${reference}' names ${match.candidates.length} models; pick one:\n${lines.join('\n')}`,
    );
  }
  const where = instanceId ? ` on instance ${instanceId}` : '';
  throw new NotInHistory(
    `no model '${reference}'${where} in the history (a customization id or a model name)`,
  );
}

/**
 * The history table: the deployed one with `tableName`, else the local one under `dataDir`, shared
 * with the other commands using it (`command` names this one to them; `use` gets those that were
 * there when it joined, none for the deployed table).
 */
export async function withHistory<T>(
  where: {
    readonly dataDir: string;
    readonly command?: string;
    readonly tableName?: string | undefined;
    readonly region?: string | undefined;
  },
  use: (store: HistoryStore, others: SharedStore['others']) => Promise<T>,
): Promise<T> {
  if (where.tableName !== undefined) {
    return use(
      new HistoryStore({ tableName: where.tableName, ...(where.region ? { region: where.region } : {}) }),
      [],
    );
  }
  // Reading must not leave an empty store behind in whatever directory the command ran from.
  if (!existsSync(storeFiles(path.resolve(where.dataDir)).levelDb))
    throw new Error(
      `no local history in ${where.dataDir}: run npm start or stt-upgrader upgrade first, or pass --data-dir`,
    );
  const local = await openSharedStore(where.dataDir, where.command ?? 'stt-upgrader');
  try {
    const tables = await listLocalTables(local.endpoint);
    const tableName = tables.find((name) => name.startsWith('History'));
    if (!tableName)
      throw new Error(`no local history in ${where.dataDir}: run npm start or stt-upgrader upgrade first`);
    return await use(
      new HistoryStore({
        tableName,
        endpoint: local.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
      local.others,
    );
  } finally {
    await local.stop();
  }
}

async function withStore<T>(options: HistoryOptions, use: (store: HistoryStore) => Promise<T>): Promise<T> {
  return withHistory(
    {
      dataDir: options['data-dir'],
      command: 'stt-upgrader history',
      ...(options.aws && { tableName: options['table-name'] ?? '' }),
      ...(options.region && { region: options.region }),
    },
    use,
  );
}

export const historySpec: CliCommand = {
  words: ['history'],
  synopsis: 'history [--run ID | --model MODEL | ...]',
  summary: 'what happened to a model, in a run, or failed lately',
  flags,
  usage,
  run: historyCommand,
};
