import { z } from 'zod';
import { SfnExecutionStarter } from '#adapters/execution-starter.js';
import { directoryCorpusStore } from '#adapters/migration/directory-corpus-store.js';
import { createMigrationStt } from '#adapters/migration/migration-stt.js';
import { s3CorpusStore } from '#adapters/migration/s3-corpus-store.js';
import { readMigrationSources } from '#adapters/migration/source-reader.js';
import { ConnectionSecrets } from '#adapters/secrets/connection-secrets.js';
import type { SttConnection } from '#adapters/stt/index.js';
import { openTestSet } from '#adapters/test-sets/index.js';
import {
  connectionArgs,
  connectionFlagsSchema,
  connectionFromFlags,
  connectionUsage,
} from '#cli/flags/connection-flags.js';
import { flagProblems, parseFlags } from '#cli/flags/parse-flags.js';
import {
  type MigrationPlan,
  migrationFleetNotice,
  migrationSettingsSchema,
  planMigration,
} from '#core/migration/index.js';
import { runMigrationFleetLocally, runMigrationsLocally } from '#local/local-migration-command.js';
import type { CliCommand } from './command.js';
import type { CommandIo } from './command-io.js';
import { withHistory } from './history.js';
import { formatMigrationPlan } from './report/migration-plan-report.js';
import { formatMigrationStatus } from './report/migration-status-report.js';

/** The flags `migrate plan` and `migrate run` share, as their help lists them. */
const planFlagsUsage = `  --corpus-store DIR|s3://B/P/   your copies of the corpora: <store>/<model id or name>/<corpus>.txt
  --test-sets DIR|s3://B/P/      test sets, one directory or prefix per set (manifest.jsonl + audio)
  --test-set MODEL_ID=NAME       the test set of one model; --default-test-set for the others
  --target BASE=LSM              move models of BASE to LSM instead of its same-locale LSM
  --pairing AM_ID=LM_ID          an acoustic model and the language model it was trained with
  --model ID                     only these models (repeatable)
  --training-price USD           price of a training minute, if your plan charges one (default 0)
  --aws --secret-id ID           read the connection from the deployed stack's secret
  --json                         the plan as JSON`;

export const migratePlanUsage = `usage: stt-upgrader migrate plan <connection> [--corpus-store DIR|s3://B/P/] [--test-sets DIR|s3://B/P/]
                              [--test-set MODEL_ID=NAME ...] [--default-test-set NAME] [--target BASE=LSM ...]
                              [--pairing AM_ID=LM_ID ...] [--model ID ...] [--training-price USD] [--json]
       stt-upgrader migrate plan --aws --secret-id ID [same flags]

Lists, for every previous- or next-generation custom language model of the instance, the large
speech model it moves to, the words and corpora carried, what is left behind and why, the room
under IBM's limit of 1,024 custom language models, and the expected cost at IBM. Changes nothing.
With --aws the connection is read from the deployed stack's Secrets Manager secret.

${planFlagsUsage}
${connectionUsage}
`;

const pairs = (flag: string) =>
  z
    .array(z.string().regex(/^[^=]+=[^=]+$/u, `must look like KEY=VALUE`))
    .default([])
    .transform((entries) => Object.fromEntries(entries.map((e) => e.split('=') as [string, string])))
    .describe(flag);

const planOptionsSchema = connectionFlagsSchema.extend({
  aws: z.boolean().default(false),
  'secret-id': z.string().min(1).optional(),
  'corpus-store': z.string().min(1).optional(),
  'test-sets': z.string().min(1).optional(),
  'test-set': pairs('test-set'),
  'default-test-set': z.string().min(1).optional(),
  target: pairs('target'),
  pairing: pairs('pairing'),
  model: z.array(z.string().min(1)).default([]),
  'training-price': z.coerce.number().min(0).optional(),
  json: z.boolean().default(false),
});
type PlanOptions = z.infer<typeof planOptionsSchema>;

export const migratePlanFlags = {
  ...connectionArgs,
  aws: { type: 'boolean' },
  'secret-id': { type: 'string' },
  'corpus-store': { type: 'string' },
  'test-sets': { type: 'string' },
  'test-set': { type: 'string', multiple: true },
  'default-test-set': { type: 'string' },
  target: { type: 'string', multiple: true },
  pairing: { type: 'string', multiple: true },
  model: { type: 'string', multiple: true },
  'training-price': { type: 'string' },
  json: { type: 'boolean' },
} as const;

async function connectionOf(options: PlanOptions): Promise<SttConnection> {
  if (!options.aws) return connectionFromFlags(options);
  if (!options['secret-id']) throw new Error('--secret-id: required with --aws');
  // The region comes from the AWS environment, as for every other AWS command of the CLI.
  return new ConnectionSecrets().get(options['secret-id']);
}

/** Reads the instance, the corpus store and the test sets, and plans. */
export async function buildMigrationPlan(
  options: PlanOptions,
  connection: SttConnection,
): Promise<MigrationPlan> {
  const settings = migrationSettingsSchema.parse({
    targets: options.target,
    ...(options['training-price'] !== undefined && { trainingPricePerMinuteUsd: options['training-price'] }),
  });
  const store = options['corpus-store'];
  const corpusStore = store?.startsWith('s3://')
    ? s3CorpusStore(store)
    : directoryCorpusStore(store ?? '.corpora-not-configured');
  const testSets = options['test-sets'];
  const pairings = Object.entries(options.pairing);
  const { languageModels, sources } = await readMigrationSources(
    {
      stt: createMigrationStt(connection),
      corpusStore,
      testSetOf: (m) =>
        testSets ? (options['test-set'][m.customizationId] ?? options['default-test-set'] ?? null) : null,
      openTestSet: (name) =>
        openTestSet(
          testSets?.startsWith('s3://') ? `${testSets.replace(/\/+$/u, '')}/${name}/` : `${testSets}/${name}`,
        ),
      pairedAcousticModels: (id) => pairings.filter(([, lm]) => lm === id).map(([am]) => am),
    },
    options.model,
  );
  return planMigration({
    instanceId: new URL(connection.serviceUrl).host,
    languageModels,
    sources,
    settings,
  });
}

/** `stt-upgrader migrate plan`: what a migration to large speech models would do. */
export async function migratePlanCommand(args: string[], io: CommandIo): Promise<number> {
  if (args.includes('--help')) {
    io.stdout(migratePlanUsage);
    return 0;
  }
  let options: PlanOptions;
  try {
    options = parseFlags(args, migratePlanFlags, planOptionsSchema);
    if (!options.aws) connectionFromFlags(options);
  } catch (error) {
    io.stderr(`${flagProblems(error)}\n${migratePlanUsage}`);
    return 2;
  }
  try {
    const plan = await buildMigrationPlan(options, await connectionOf(options));
    io.stdout(options.json ? `${JSON.stringify(plan, null, 2)}\n` : formatMigrationPlan(plan));
    return 0;
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

export const migrateRunUsage = `usage: stt-upgrader migrate run <connection> --yes [--fleet] [plan flags] [--instance-id ID] [--data-dir DIR]
       stt-upgrader migrate run --aws --secret-id ID --migration-state-machine-arn ARN --instance-id ID --yes [plan flags]
       stt-upgrader migrate run --fleet --aws --migration-fleet-state-machine-arn ARN [--instance-id ID] [--model ID ...] --yes

Plans as 'migrate plan' does, then runs the migration state machine once per model: on this
machine (history under --data-dir, default .local-data), or with --aws one execution of the
deployed state machine per model. With --fleet, one run of the migration fleet state machine
migrates every model not migrated yet, each in a child execution, and sums them up; with --aws
it is started in the deployed stack (every configured instance unless --instance-id names one).
Without --yes it only prints the plan. Source models are never changed; clients are never
switched: 'migrate status' says what to change.

  --yes                                  run the migrations (without it, only the plan)
  --fleet                                as one migration fleet run (a re-run skips what is migrated)
  --instance-id ID                       the instance's name in history (default local)
  --data-dir DIR                         where local history is kept (default .local-data)
  --migration-state-machine-arn ARN      the deployed migration state machine (with --aws)
  --migration-fleet-state-machine-arn ARN  the deployed migration fleet state machine (with --fleet --aws)
plan flags:
${planFlagsUsage}
${connectionUsage}
`;

export const migrateRunFlags = {
  ...migratePlanFlags,
  yes: { type: 'boolean' },
  'instance-id': { type: 'string' },
  'data-dir': { type: 'string' },
  'migration-state-machine-arn': { type: 'string' },
  fleet: { type: 'boolean' },
  'migration-fleet-state-machine-arn': { type: 'string' },
} as const;

const runOptionsSchema = planOptionsSchema.extend({
  yes: z.boolean().default(false),
  /** Default `local` on this machine; with --fleet --aws, every configured instance. */
  'instance-id': z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/u, 'must be a lower-case instance id')
    .optional(),
  'data-dir': z.string().min(1).default('.local-data'),
  'migration-state-machine-arn': z.string().startsWith('arn:').optional(),
  fleet: z.boolean().default(false),
  'migration-fleet-state-machine-arn': z.string().startsWith('arn:').optional(),
});
type RunOptions = z.infer<typeof runOptionsSchema>;

/** Names a run after the moment it starts, to the second: `20261203225900`. */
const runStamp = () =>
  new Date()
    .toISOString()
    .replace(/[^0-9]/gu, '')
    .slice(0, 14);

/** The instance local history knows the models under. */
const LOCAL_INSTANCE_ID = 'local';

/** `stt-upgrader migrate run --yes`: every model of the plan through the migration state machine. */
export async function migrateRunCommand(args: string[], io: CommandIo): Promise<number> {
  if (args.includes('--help')) {
    io.stdout(migrateRunUsage);
    return 0;
  }
  let options: RunOptions;
  try {
    options = parseFlags(args, migrateRunFlags, runOptionsSchema);
    if (!options.aws) connectionFromFlags(options);
    if (options.aws && options.fleet && !options['migration-fleet-state-machine-arn'])
      throw new Error('--migration-fleet-state-machine-arn: required with --fleet --aws');
    if (options.aws && !options.fleet && !options['migration-state-machine-arn'])
      throw new Error('--migration-state-machine-arn: required with --aws');
  } catch (error) {
    io.stderr(`${flagProblems(error)}\n${migrateRunUsage}`);
    return 2;
  }
  try {
    // The deployed fleet plans in AWS: nothing to read from here first.
    if (options.fleet && options.aws) return await startMigrationFleetOnAws(options, io);
    const connection = await connectionOf(options);
    const plan = await buildMigrationPlan(options, connection);
    io.stdout(formatMigrationPlan(plan));
    if (!options.yes) {
      io.stdout('Add --yes to run these migrations.\n');
      return 0;
    }
    const runName = `migrate-${runStamp()}`;
    const local = { ...options, 'instance-id': options['instance-id'] ?? LOCAL_INSTANCE_ID };
    if (options.fleet) return await runFleetLocally(local, connection, `migrate-fleet-${runStamp()}`, io);
    if (options.aws) return await startMigrationsOnAws(plan, local, runName, io);
    const records = await runMigrationsLocally(plan, local, connection, runName);
    io.stdout(`\n${formatMigrationStatus(records)}`);
    return records.some((r) => r.status === 'failed') ? 1 : 0;
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** Prints what the fleet run did; exits 1 when a model failed or was left unfinished. */
async function runFleetLocally(
  options: RunOptions & { 'instance-id': string },
  connection: SttConnection,
  runName: string,
  io: CommandIo,
): Promise<number> {
  const fleet = await runMigrationFleetLocally(options, connection, runName);
  if (!fleet.run?.summary) {
    io.stderr(
      `Migration fleet run ${runName} ${fleet.execution.status}: ${fleet.execution.error ?? ''} ${fleet.execution.cause ?? ''}\n`,
    );
    return 1;
  }
  io.stdout(
    `\n${formatMigrationStatus(fleet.records)}\n${migrationFleetNotice(runName, fleet.run.summary).message}\n`,
  );
  return fleet.run.summary.status === 'MigrationsHadFailures' ? 1 : 0;
}

/** Starts one execution of the deployed migration fleet, named after this moment. */
async function startMigrationFleetOnAws(options: RunOptions, io: CommandIo): Promise<number> {
  const input = {
    ...(options['instance-id'] && { instanceIds: [options['instance-id']] }),
    ...(options.model.length > 0 && { sourceIds: options.model }),
  };
  if (!options.yes) {
    io.stdout(`Would start the migration fleet with ${JSON.stringify(input)}. Add --yes to start it.\n`);
    return 0;
  }
  const arn = options['migration-fleet-state-machine-arn'] ?? '';
  const starter = new SfnExecutionStarter<typeof input>({ stateMachineArn: arn });
  try {
    const name = `migrate-fleet-${new Date()
      .toISOString()
      .replace(/[^0-9]/gu, '')
      .slice(0, 14)}`;
    const started = await starter.start(input, name);
    io.stdout(
      started.started
        ? `Migration fleet run ${name}: started ${started.executionArn}\nFollow it with: stt-upgrader migrate status --aws --table-name NAME\n`
        : `Migration fleet run ${name}: not started (${started.message})\n`,
    );
    return started.started ? 0 : 1;
  } finally {
    starter.destroy();
  }
}

async function startMigrationsOnAws(
  plan: MigrationPlan,
  options: RunOptions & { 'instance-id': string },
  runName: string,
  io: CommandIo,
): Promise<number> {
  const arn = options['migration-state-machine-arn'] ?? '';
  const starter = new SfnExecutionStarter<{ instanceId: string; sourceId: string }>({ stateMachineArn: arn });
  try {
    for (const model of plan.models) {
      const name = `${runName}-${model.customizationId.slice(0, 8)}`;
      const started = await starter.start(
        { instanceId: options['instance-id'], sourceId: model.customizationId },
        name,
      );
      io.stdout(
        started.started
          ? `${model.name}: started ${started.executionArn}\n`
          : `${model.name}: not started (${started.message})\n`,
      );
    }
  } finally {
    starter.destroy();
  }
  return 0;
}

export const migrateStatusUsage = `usage: stt-upgrader migrate status [--instance-id ID] [--fleet-run ID] [--json] [--data-dir DIR | --aws --table-name NAME]

The recorded mapping of every migration of an instance: source -> new model, its status, the
verdict with both word error rates, the words lost and, for a stopped one, the reason. With
--fleet-run, the migrations of that migration fleet run and its summary.
`;

export const migrateStatusFlags = {
  'instance-id': { type: 'string' },
  'fleet-run': { type: 'string' },
  'data-dir': { type: 'string' },
  aws: { type: 'boolean' },
  'table-name': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const statusOptionsSchema = z
  .object({
    'instance-id': z.string().min(1).default('local'),
    'fleet-run': z.string().min(1).optional(),
    'data-dir': z.string().min(1).default('.local-data'),
    aws: z.boolean().default(false),
    'table-name': z.string().min(3).optional(),
    json: z.boolean().default(false),
  })
  .refine((o) => !o.aws || o['table-name'], { path: ['table-name'], message: 'is required with --aws' });

/** `stt-upgrader migrate status`: what replaced what, and whether it is better. */
export async function migrateStatusCommand(args: string[], io: CommandIo): Promise<number> {
  if (args.includes('--help')) {
    io.stdout(migrateStatusUsage);
    return 0;
  }
  let options: z.infer<typeof statusOptionsSchema>;
  try {
    options = parseFlags(args, migrateStatusFlags, statusOptionsSchema);
  } catch (error) {
    io.stderr(`${flagProblems(error)}\n${migrateStatusUsage}`);
    return 2;
  }
  try {
    const fleetRunId = options['fleet-run'];
    const { records, fleet } = await withHistory(
      {
        dataDir: options['data-dir'],
        command: 'stt-upgrader migrate status',
        ...(options.aws && { tableName: options['table-name'] }),
      },
      async (history) => ({
        records: await history.migration.ofInstance(options['instance-id']),
        fleet: fleetRunId ? await history.migration.fleetRun(fleetRunId) : undefined,
      }),
    );
    if (fleetRunId && !fleet) {
      io.stderr(`No migration fleet run '${fleetRunId}' is recorded.\n`);
      return 1;
    }
    const shown = fleetRunId ? records.filter((r) => r.fleetRunId === fleetRunId) : records;
    if (options.json) {
      io.stdout(`${JSON.stringify(fleet ? { fleetRun: fleet, migrations: shown } : shown, null, 2)}\n`);
      return 0;
    }
    io.stdout(formatMigrationStatus(shown));
    if (fleet && fleetRunId) {
      io.stdout(
        fleet.summary
          ? `\n${migrationFleetNotice(fleetRunId, fleet.summary).message}\n`
          : `\nMigration fleet run ${fleetRunId} is still running: ${fleet.plan.itemCount} model(s) planned.\n`,
      );
    }
    return 0;
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

export const migratePlanSpec: CliCommand = {
  words: ['migrate', 'plan'],
  synopsis: 'migrate plan <connection> [...]',
  summary: 'moving custom models to large speech models',
  flags: migratePlanFlags,
  usage: migratePlanUsage,
  run: migratePlanCommand,
};

export const migrateRunSpec: CliCommand = {
  words: ['migrate', 'run'],
  synopsis: 'migrate run <connection> --yes [...]',
  summary: 'run those migrations (Step Functions)',
  flags: migrateRunFlags,
  usage: migrateRunUsage,
  run: migrateRunCommand,
};

export const migrateStatusSpec: CliCommand = {
  words: ['migrate', 'status'],
  synopsis: 'migrate status [...]',
  summary: 'source -> new model and verdict of each migration',
  flags: migrateStatusFlags,
  usage: migrateStatusUsage,
  run: migrateStatusCommand,
};
