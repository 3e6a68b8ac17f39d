import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { DirectorySettingsObjects, S3SettingsObjects, SettingsStore } from '#adapters/settings/index.js';
import { flagProblems, parseFlags } from '#cli/flags/parse-flags.js';
import { InvalidInputError, UpgraderError } from '#core/contract/errors.js';
import {
  formatOfFileName,
  formatPairingFile,
  type PairingFileFormat,
  parsePairingFile,
} from '#core/settings/pairing-file.js';
import { settingsDirectoryUnder } from '#local/data-directory.js';
import type { CliCommand } from './command.js';
import type { CommandIo } from './command-io.js';
import { textTable } from './report/text-table.js';

const usage = `usage: stt-upgrader pairings list [--instance ID] [--json]
       stt-upgrader pairings import FILE [--format csv|json] [--replace]
       stt-upgrader pairings export [--format csv|json] [--instance ID] [--output FILE]
         each with [--data-dir DIR | --aws --settings-bucket NAME [--region R]]

Pairings tell the planner which language model each acoustic model was trained with (IBM does not
record it). The deploy config declares some; an import adds to them or overrides them per acoustic
model, takes effect within a minute and survives redeploys. Local settings by default (what npm start
wrote under --data-dir); with --aws the deployed settings bucket (stack output SettingsBucketName).

  list      every pairing and where it comes from (deployed or operator)
  import    a CSV file with the header instanceId,acousticModelId,languageModelId, or JSON
            { "pairings": [{ "instanceId", "acousticModelId", "languageModelId" }] }; a bad row is
            named by line and field and nothing is written. --replace: the file becomes the whole
            imported list of each instance it names (to remove an imported pairing)
  export    the pairings as a file import takes back (CSV by default; --format json)
`;

const optionsSchema = z
  .object({
    instance: z.string().min(1).optional(),
    json: z.boolean().default(false),
    format: z.enum(['csv', 'json']).optional(),
    replace: z.boolean().default(false),
    output: z.string().min(1).optional(),
    'data-dir': z.string().min(1).default('.local-data'),
    aws: z.boolean().default(false),
    'settings-bucket': z.string().min(3).optional(),
    region: z.string().min(1).optional(),
  })
  .refine((o) => !o.aws || o['settings-bucket'], {
    path: ['settings-bucket'],
    message: 'is required with --aws',
  });
type PairingsOptions = z.infer<typeof optionsSchema>;

const flags = {
  instance: { type: 'string' },
  json: { type: 'boolean' },
  format: { type: 'string' },
  replace: { type: 'boolean' },
  output: { type: 'string' },
  'data-dir': { type: 'string' },
  aws: { type: 'boolean' },
  'settings-bucket': { type: 'string' },
  region: { type: 'string' },
} as const;

/**
 * `stt-upgrader pairings list|import|export`: the operator's pairings, without a redeploy.
 * Exit codes: 0 done, 1 the file or the settings store could not be used, 2 usage.
 */
export async function pairingsCommand(args: string[], io: CommandIo): Promise<number> {
  const [action, ...rest] = args;
  if (action === undefined || action === '--help' || action === '-h' || rest.includes('--help')) {
    io.stdout(usage);
    return 0;
  }
  const file = action === 'import' ? rest[0] : undefined;
  let options: PairingsOptions;
  try {
    // A flag where the action goes: name a flag parseArgs does not know before a missing action.
    if (action.startsWith('-')) parseFlags(args, flags, optionsSchema);
    if (!['list', 'import', 'export'].includes(action)) {
      throw new Error(`unknown action: ${action} (list, import or export)`);
    }
    if (action === 'import' && (file === undefined || file.startsWith('--'))) {
      throw new Error('import needs the FILE to read');
    }
    options = parseFlags(action === 'import' ? rest.slice(1) : rest, flags, optionsSchema);
  } catch (error) {
    io.stderr(`${flagProblems(error)}\n${usage}`);
    return 2;
  }
  const store = settingsStore(options);
  try {
    if (action === 'import' && file) return await importFile(store, file, options, io);
    const snapshot = await store.snapshot();
    const pairings = snapshot
      .allPairings()
      .filter((pairing) => !options.instance || pairing.instanceId === options.instance);
    if (action === 'export') {
      const text = formatPairingFile(pairings, options.format ?? 'csv');
      if (options.output) await writeFile(options.output, text, 'utf8');
      else io.stdout(text);
      return 0;
    }
    io.stdout(
      options.json
        ? `${JSON.stringify({ location: store.location, pairings }, null, 2)}\n`
        : listing(pairings, store.location),
    );
    return 0;
  } catch (error) {
    io.stderr(`${problem(error)}\n`);
    return 1;
  }
}

async function importFile(store: SettingsStore, file: string, options: PairingsOptions, io: CommandIo) {
  const format: PairingFileFormat | undefined = options.format ?? formatOfFileName(file);
  if (!format)
    throw new InvalidInputError(`Pairings file ${file}`, ['name it .csv or .json, or pass --format']);
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).replace(/^\uFEFF/u, '');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  const snapshot = await store.snapshot();
  const rows = parsePairingFile(text, format, `Pairings file ${file}`, snapshot.instanceIds);
  await store.importPairings(
    rows.map((located) => located.row),
    { replace: options.replace },
  );
  const instances = new Set(rows.map((located) => located.row.instanceId));
  io.stdout(
    `imported ${rows.length} pairing(s) for ${instances.size} instance(s) into ${store.location}${
      options.replace ? ' (replacing their imported lists)' : ''
    }; handlers read them within a minute\n`,
  );
  return 0;
}

function listing(
  pairings: readonly {
    instanceId: string;
    acousticModelId: string;
    languageModelId: string;
    source: string;
  }[],
  location: string,
) {
  const rows = pairings.map((p) => [p.instanceId, p.acousticModelId, p.languageModelId, p.source]);
  const table = textTable(['INSTANCE', 'ACOUSTIC MODEL', 'LANGUAGE MODEL', 'SOURCE'], rows);
  return `${table}${pairings.length} pairing(s) in ${location}\n`;
}

function settingsStore(options: PairingsOptions): SettingsStore {
  // The CLI reads fresh each time: nothing to cache between invocations.
  if (options.aws) {
    const bucket = options['settings-bucket'] ?? '';
    return new SettingsStore(
      new S3SettingsObjects(bucket, options.region ? { region: options.region } : {}),
      { maxAgeMs: 0 },
    );
  }
  return new SettingsStore(new DirectorySettingsObjects(settingsDirectoryUnder(options['data-dir'])), {
    maxAgeMs: 0,
  });
}

function problem(error: unknown): string {
  if (error instanceof UpgraderError) {
    const issues = 'issues' in error && Array.isArray(error.issues) ? error.issues : undefined;
    if (!issues) return error.message;
    // One issue a line: an import with many bad rows stays readable.
    const lead = error.message.slice(0, error.message.length - issues.join('; ').length).trimEnd();
    return `${lead}\n  ${issues.join('\n  ')}`;
  }
  return `cannot use the pairings: ${(error as Error).message}`;
}

export const pairingsSpec: CliCommand = {
  words: ['pairings'],
  synopsis: 'pairings list|import FILE|export [...]',
  summary: 'the pairings the planner uses: list, import or export them (CSV, JSON)',
  flags,
  usage,
  run: pairingsCommand,
};
