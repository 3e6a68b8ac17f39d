import { z } from 'zod';
import { SfnExecutionStarter } from '#adapters/execution-starter.js';
import type { HistoryStore } from '#adapters/history-store/index.js';
import { systemClock } from '#adapters/system-clock.js';
import {
  connectionArgs,
  connectionFlagsSchema,
  connectionFromFlags,
  connectionUsage,
} from '#cli/flags/connection-flags.js';
import { flagProblems, parseFlags } from '#cli/flags/parse-flags.js';
import type { Clock } from '#core/contract/clock.js';
import { InvalidInputError } from '#core/contract/errors.js';
import { testSetNameSchema } from '#core/settings/instance-settings.js';
import { customizationIdSchema, instanceIdSchema } from '#core/unit/unit-input.js';
import { type Measurement, watchSettingsSchema } from '#core/watch/index.js';
import { watchLocally } from '#local/local-watch.js';
import { consoleLink } from './aws/start-execution.js';
import type { CliCommand } from './command.js';
import type { CommandIo } from './command-io.js';
import { withHistory } from './history.js';
import { nameStamp } from './name-stamp.js';
import { formatWatchModels, formatWatchRuns } from './report/watch-report.js';

export const watchUsage = `usage: stt-upgrader watch run <connection> --test-sets DIR (--test-set ID=SET ... | --default-test-set SET)
                          [--max-wer-increase X] [--monthly-minutes-cap N] [--customization-weight W]
                          [--parameter-set S] [--smart-formatting-version N] [--param NAME=VALUE ...]
       stt-upgrader watch run --aws --watch-state-machine-arn ARN --instance-id ID
       stt-upgrader watch status [--model ID]
       stt-upgrader watch accept --model ID
  every subcommand: [--instance-id ID] [--json] [--data-dir DIR | --aws --table-name T [--region R]]

The accuracy watch: each model with a test set is recognised with its current base model and the
pinned parameters; the dated measurement (WER with S, D, I, audio minutes) is compared with the
model's baseline and its previous measurement. A change past --max-wer-increase, worse or better, is
reported once. \`accept\` makes a model's latest measurement its baseline. Local history by default
(.local-data), the deployed table with --aws.

${connectionUsage}
`;

const keyValue = z
  .array(z.string())
  .default([])
  .transform((items, ctx) => {
    const record: Record<string, string> = {};
    for (const item of items) {
      const at = item.indexOf('=');
      if (at < 1) {
        ctx.addIssue({ code: 'custom', message: `'${item}' must be NAME=VALUE` });
        return z.NEVER;
      }
      record[item.slice(0, at)] = item.slice(at + 1);
    }
    return record;
  });

const optionsSchema = connectionFlagsSchema.extend({
  'instance-id': instanceIdSchema.default('local'),
  model: customizationIdSchema.optional(),
  'test-sets': z.string().min(1).optional(),
  'test-set': keyValue.pipe(z.record(customizationIdSchema, testSetNameSchema)),
  'default-test-set': testSetNameSchema.optional(),
  'max-wer-increase': z.coerce.number().min(0).max(1).optional(),
  'monthly-minutes-cap': z.coerce.number().positive().optional(),
  'customization-weight': z.coerce.number().min(0).max(1).optional(),
  'parameter-set': z.string().min(1).optional(),
  'smart-formatting-version': z.coerce.number().int().min(1).optional(),
  param: keyValue,
  json: z.boolean().default(false),
  'data-dir': z.string().min(1).default('.local-data'),
  aws: z.boolean().default(false),
  'table-name': z.string().min(3).optional(),
  'watch-state-machine-arn': z.string().startsWith('arn:').optional(),
  region: z.string().min(1).optional(),
});
type WatchOptions = z.infer<typeof optionsSchema>;

/** The parser definition of `watch`'s flags: it also drives the help above. */
export const watchArgs = {
  ...connectionArgs,
  'instance-id': { type: 'string' },
  model: { type: 'string' },
  'test-sets': { type: 'string' },
  'test-set': { type: 'string', multiple: true },
  'default-test-set': { type: 'string' },
  'max-wer-increase': { type: 'string' },
  'monthly-minutes-cap': { type: 'string' },
  'customization-weight': { type: 'string' },
  'parameter-set': { type: 'string' },
  'smart-formatting-version': { type: 'string' },
  param: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  'data-dir': { type: 'string' },
  aws: { type: 'boolean' },
  'table-name': { type: 'string' },
  'watch-state-machine-arn': { type: 'string' },
  region: { type: 'string' },
} as const;

export interface WatchCommandDeps {
  readonly clock?: Clock;
  readonly now?: () => Date;
}

/** `stt-upgrader watch run|status|accept`. Exit codes: 0 done, 1 failed or a change past the gate, 2 usage. */
export async function watchCommand(
  args: string[],
  io: CommandIo,
  deps: WatchCommandDeps = {},
): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || args.includes('--help') || args.includes('-h')) {
    io.stdout(watchUsage);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'run' && sub !== 'status' && sub !== 'accept') {
    io.stderr(`unknown watch subcommand: ${sub}\n${watchUsage}`);
    return 2;
  }
  let options: WatchOptions;
  try {
    options = parseFlags(rest, watchArgs, optionsSchema);
    if (sub === 'accept' && !options.model)
      throw new InvalidInputError('flags', ['--model: is required with accept']);
    if (options.aws && sub !== 'run' && !options['table-name'])
      throw new InvalidInputError('flags', ['--table-name: is required with --aws']);
  } catch (error) {
    io.stderr(`${flagProblems(error)}\n${watchUsage}`);
    return 2;
  }
  try {
    if (sub === 'run') return await run(options, io, deps);
    return await withStore(options, (store) =>
      sub === 'status' ? status(store, options, io) : accept(store, options, io),
    );
  } catch (error) {
    if (error instanceof InvalidInputError) {
      io.stderr(`${error.issues.join('\n')}\n${watchUsage}`);
      return 2;
    }
    io.stderr(`watch ${sub} failed: ${(error as Error).message}\n`);
    return 1;
  }
}

async function run(options: WatchOptions, io: CommandIo, deps: WatchCommandDeps): Promise<number> {
  const stamp = nameStamp((deps.now ?? (() => new Date()))());
  const name = `watch-${stamp}`;
  if (options.aws) return startOnAws(options, io, name);
  const testSetDirectory = options['test-sets'];
  if (!testSetDirectory)
    throw new InvalidInputError('flags', ['--test-sets: give the directory of the test sets']);
  if (Object.keys(options['test-set']).length === 0 && !options['default-test-set'])
    throw new InvalidInputError('flags', [
      '--test-set ID=SET or --default-test-set SET: name the test sets to watch with',
    ]);
  const watch = watchSettingsSchema.parse({
    ...(options['max-wer-increase'] !== undefined && { maxWerIncrease: options['max-wer-increase'] }),
    ...(options['monthly-minutes-cap'] !== undefined && {
      monthlyMinutesCap: options['monthly-minutes-cap'],
    }),
    recognition: {
      ...(options['customization-weight'] !== undefined && {
        customizationWeight: options['customization-weight'],
      }),
      ...(options['parameter-set'] && { parameterSet: options['parameter-set'] }),
      ...(options['smart-formatting-version'] && {
        smartFormattingVersion: options['smart-formatting-version'],
      }),
      other: Object.fromEntries(Object.entries(options.param).map(([k, v]) => [k, scalar(v)])),
    },
  });
  return watchLocally(
    {
      instanceId: options['instance-id'],
      connection: connectionFromFlags(options),
      settings: {
        testSets: {
          byModel: options['test-set'],
          byBaseModel: {},
          ...(options['default-test-set'] && { default: options['default-test-set'] }),
        },
        watch,
      },
      testSetDirectory,
      dataDirectory: options['data-dir'],
      clock: deps.clock ?? systemClock,
    },
    name,
    async (result) => {
      const measurements = result.run
        ? await latestOfRun(result.upgrader.history, options['instance-id'], result.run.watchRunId)
        : [];
      if (options.json) {
        io.stdout(
          `${JSON.stringify({ run: result.run ?? null, stopped: result.stopped, reason: result.reason ?? null, measurements, notices: result.notices }, null, 2)}\n`,
        );
      } else {
        io.stdout(result.run ? formatWatchRuns([result.run]) : `Not started: ${result.reason}\n`);
        io.stdout(`\n${formatWatchModels(measurements)}`);
        for (const notice of result.notices) io.stdout(`\n${notice.subject}\n${notice.message}\n`);
      }
      const moved = (result.run?.worse ?? 0) + (result.run?.better ?? 0) > 0;
      return result.stopped || moved || (result.run?.failed ?? 0) > 0 ? 1 : 0;
    },
  );
}

/** `--param 0.8` is a number, `true`/`false` a boolean, anything else text, as IBM's query takes them. */
function scalar(text: string): string | number | boolean {
  if (text === 'true' || text === 'false') return text === 'true';
  return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
}

async function latestOfRun(
  history: HistoryStore,
  instanceId: string,
  watchRunId: string,
): Promise<Measurement[]> {
  const run = await history.watch.run(instanceId, watchRunId);
  const found: Measurement[] = [];
  for (let page = 1; page <= (run?.pages ?? 0); page++) {
    for (const id of (await history.watch.page(instanceId, watchRunId, page)) ?? []) {
      const measurement = await history.watch.latest(instanceId, id);
      if (measurement) found.push(measurement);
    }
  }
  return found;
}

async function status(store: HistoryStore, options: WatchOptions, io: CommandIo): Promise<number> {
  const instanceId = options['instance-id'];
  const runs = await store.watch.runs(instanceId, 10);
  const measurements = options.model
    ? await store.watch.measurements(instanceId, options.model)
    : await latestOfRun(store, instanceId, runs.find((r) => r.outcome !== 'stopped')?.watchRunId ?? '-');
  if (options.json) io.stdout(`${JSON.stringify({ runs, measurements }, null, 2)}\n`);
  else io.stdout(`${formatWatchRuns(runs)}\n${formatWatchModels(measurements)}`);
  return 0;
}

async function accept(store: HistoryStore, options: WatchOptions, io: CommandIo): Promise<number> {
  const instanceId = options['instance-id'];
  const model = options.model ?? '';
  const latest = await store.watch.latest(instanceId, model);
  if (!latest) {
    io.stderr(`model ${model} has no measurement on instance ${instanceId}: nothing to accept\n`);
    return 1;
  }
  await store.watch.setBaseline(instanceId, model, latest.watchRunId, new Date().toISOString());
  const wer = latest.wer === null ? 'n/a' : `${(latest.wer * 100).toFixed(2)}%`;
  io.stdout(
    options.json
      ? `${JSON.stringify({ instanceId, customizationId: model, baseline: latest.watchRunId, measuredAt: latest.measuredAt, wer: latest.wer }, null, 2)}\n`
      : `Baseline of ${latest.modelName} (${model}) is now its measurement of ${latest.measuredAt.slice(0, 10)}: WER ${wer}.\n`,
  );
  return 0;
}

async function startOnAws(options: WatchOptions, io: CommandIo, name: string): Promise<number> {
  const arn = options['watch-state-machine-arn'];
  if (!arn) throw new InvalidInputError('flags', ['--watch-state-machine-arn: is required with --aws']);
  const region = options.region ?? arn.split(':')[3] ?? '';
  const starter = new SfnExecutionStarter<{ instanceId: string; trigger: 'manual' }>({
    stateMachineArn: arn,
    region,
  });
  try {
    const started = await starter.start({ instanceId: options['instance-id'], trigger: 'manual' }, name);
    if (!started.started) {
      io.stderr(`an execution named ${name} already exists: ${started.message}\n`);
      return 1;
    }
    const link = consoleLink(region, started.executionArn);
    io.stdout(
      options.json
        ? `${JSON.stringify({ executionArn: started.executionArn, consoleUrl: link }, null, 2)}\n`
        : `Started ${started.executionArn}\n${link}\n`,
    );
    return 0;
  } finally {
    starter.destroy();
  }
}

function withStore<T>(options: WatchOptions, use: (store: HistoryStore) => Promise<T>): Promise<T> {
  return withHistory(
    {
      dataDir: options['data-dir'],
      command: 'stt-upgrader watch',
      ...(options.aws && { tableName: options['table-name'] ?? '' }),
      ...(options.region && { region: options.region }),
    },
    use,
  );
}

/** `watch run`, `watch status` and `watch accept`: one parser and one help for the three. */
const watchSpec = (sub: 'run' | 'status' | 'accept', synopsis: string, summary: string): CliCommand => ({
  words: ['watch', sub],
  synopsis,
  summary,
  flags: watchArgs,
  usage: watchUsage,
  run: (args, io) => watchCommand([sub, ...args], io),
});

export const watchSpecs: readonly CliCommand[] = [
  watchSpec(
    'run',
    'watch run <connection> --test-sets DIR [...]',
    "measure an instance's models against their baselines",
  ),
  watchSpec('status', 'watch status [--model ID]', 'the watch runs and each model against its baseline'),
  watchSpec('accept', 'watch accept --model ID', "make a model's latest measurement its baseline"),
];
