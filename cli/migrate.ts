import { z } from 'zod';
import { directoryCorpusStore } from '#adapters/migration/directory-corpus-store.js';
import { createMigrationStt } from '#adapters/migration/migration-stt.js';
import { s3CorpusStore } from '#adapters/migration/s3-corpus-store.js';
import { readMigrationSources } from '#adapters/migration/source-reader.js';
import { ConnectionSecrets } from '#adapters/secrets/connection-secrets.js';
import type { SttConnection } from '#adapters/stt/index.js';
import { openTestSet } from '#adapters/test-sets/index.js';
import { type MigrationPlan, migrationSettingsSchema, planMigration } from '#core/migration/index.js';
import {
  connectionArgs,
  connectionFlagsSchema,
  connectionFromFlags,
  connectionUsage,
} from '#local/connection-flags.js';
import { flagProblems, parseFlags } from '#local/parse-flags.js';
import type { CommandIo } from './command-io.js';
import { formatMigrationPlan } from './report/migration-plan-report.js';

export const migratePlanUsage = `usage: stt-upgrader migrate plan <connection> [--corpus-store DIR|s3://B/P/] [--test-sets DIR|s3://B/P/]
                              [--test-set MODEL_ID=NAME ...] [--default-test-set NAME] [--target BASE=LSM ...]
                              [--pairing AM_ID=LM_ID ...] [--model ID ...] [--training-price USD] [--json]
       stt-upgrader migrate plan --aws --secret-id ID [same flags]

Lists, for every previous- or next-generation custom language model of the instance, the large
speech model it moves to, the words and corpora carried, what is left behind and why, the room
under IBM's limit of 1,024 custom language models, and the expected cost at IBM. Changes nothing.
With --aws the connection is read from the deployed stack's Secrets Manager secret.

  --corpus-store DIR|s3://B/P/   your copies of the corpora: <store>/<model id or name>/<corpus>.txt
  --test-sets DIR|s3://B/P/      test sets, one directory or prefix per set (manifest.jsonl + audio)
  --test-set MODEL_ID=NAME       the test set of one model; --default-test-set for the others
  --target BASE=LSM              move models of BASE to LSM instead of its same-locale LSM
  --training-price USD           price of a training minute, if your plan charges one (default 0)
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

const planFlags = {
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
    options = parseFlags(args, planFlags, planOptionsSchema);
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
