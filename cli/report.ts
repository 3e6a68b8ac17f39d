import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { HistoryStore } from '#adapters/history-store/index.js';
import { openObjectStore, VerificationTranscripts } from '#adapters/object-store/index.js';
import {
  gatherFleetRunReport,
  gatherModelReport,
  gatherWatchReport,
  type ReportSources,
  renderReportHtml,
} from '#adapters/report/index.js';
import { transcriptsUnder } from '#adapters/test-sets/transcript-store.js';
import { flagProblems, parseFlags } from '#cli/flags/parse-flags.js';
import { UpgraderError } from '#core/contract/errors.js';
import type { Report } from '#core/report/index.js';
import { localBucketDirectory } from '#local/data-directory.js';
import type { CliCommand, FlagDefinitions } from './command.js';
import type { CommandIo } from './command-io.js';
import { withHistory } from './history.js';

const usage = `usage: stt-upgrader report (--run FLEET_RUN_ID | --model ID --instance ID | --watch --instance ID [--watch-run ID])
                           [--out FILE]
                           [--data-dir DIR | --aws --table-name NAME [--bucket NAME] [--region R]]

Writes one self-contained HTML file (no network, no script needed to view it) and prints its path:
per model, WER over time with upgrades and retrains marked; the fleet's distribution of WER
changes; a fleet run's old -> new WER per model; and for each regression the utterances that
changed, reference, old and new transcripts aligned with substitutions, deletions and insertions
marked. Local history by default (what npm start recorded); with --aws the deployed table, and
the test-set bucket (--bucket) for the transcripts of regressions.

  --watch      the accuracy watch's latest run of the instance (or --watch-run): each model's
               WER against its baseline, and for a model gone worse the utterances that changed
  --out FILE   where to write the report (default report-<run, model or watch run>.html here)
`;

const flags = {
  run: { type: 'string' },
  model: { type: 'string' },
  watch: { type: 'boolean' },
  'watch-run': { type: 'string' },
  instance: { type: 'string' },
  out: { type: 'string' },
  'data-dir': { type: 'string' },
  aws: { type: 'boolean' },
  'table-name': { type: 'string' },
  bucket: { type: 'string' },
  region: { type: 'string' },
} as const satisfies FlagDefinitions;

const optionsSchema = z
  .object({
    run: z.string().min(1).optional(),
    model: z.string().min(1).optional(),
    watch: z.boolean().default(false),
    'watch-run': z.string().min(1).optional(),
    instance: z.string().min(1).optional(),
    out: z.string().min(1).optional(),
    'data-dir': z.string().min(1).default('.local-data'),
    aws: z.boolean().default(false),
    'table-name': z.string().min(3).optional(),
    bucket: z.string().min(3).optional(),
    region: z.string().min(1).optional(),
  })
  .refine((o) => [o.run, o.model, o.watch || o['watch-run']].filter(Boolean).length === 1, {
    path: ['run'],
    message: 'or --model or --watch: give exactly one',
  })
  .refine((o) => !(o.model || o.watch || o['watch-run']) || o.instance, {
    path: ['instance'],
    message: 'is required with --model and --watch',
  })
  .refine((o) => !o.aws || o['table-name'], { path: ['table-name'], message: 'is required with --aws' });
type ReportOptions = z.infer<typeof optionsSchema>;

/**
 * `stt-upgrader report`: a fleet run, a model or a watch run as one HTML file.
 * Exit codes: 0 written, 1 the history could not be read or has no such run or model, 2 usage.
 */
export async function reportCommand(args: string[], io: CommandIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(usage);
    return 0;
  }
  let options: ReportOptions;
  try {
    options = parseFlags(args, flags, optionsSchema);
  } catch (error) {
    io.stderr(`${flagProblems(error)}\n${usage}`);
    return 2;
  }
  try {
    const where = {
      dataDir: options['data-dir'],
      ...(options.aws && { tableName: options['table-name'] ?? '' }),
      ...(options.region && { region: options.region }),
    };
    const report = await withHistory(where, (history) => gather(sourcesOf(history, options), options));
    const out = path.resolve(
      options.out ?? `report-${fileSafe(options.run ?? options.model ?? 'report')}.html`,
    );
    await writeFile(out, renderReportHtml(report), 'utf8');
    io.stdout(`${out}\n`);
    return 0;
  } catch (error) {
    const named = error instanceof UpgraderError ? `${error.name}: ` : '';
    io.stderr(`cannot write the report: ${named}${(error as Error).message}\n`);
    return 1;
  }
}

function sourcesOf(history: HistoryStore, options: ReportOptions): ReportSources {
  const s3 = options.region ? { region: options.region } : {};
  const root = options.aws
    ? options.bucket && `s3://${options.bucket}`
    : localBucketDirectory(options['data-dir']);
  if (!root) return { history };
  return {
    history,
    transcripts: new VerificationTranscripts(openObjectStore(root, s3)),
    watchTranscripts: transcriptsUnder(root, s3),
  };
}

function gather(sources: ReportSources, options: ReportOptions): Promise<Report> {
  const now = new Date();
  if (options.model && options.instance)
    return gatherModelReport(sources, options.instance, options.model, now);
  if (options.instance && (options.watch || options['watch-run']))
    return gatherWatchReport(sources, options.instance, options['watch-run'], null, now);
  return gatherFleetRunReport(sources, options.run ?? '', now);
}

/** An id as part of a file name. */
function fileSafe(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/gu, '_');
}

export const reportSpec: CliCommand = {
  words: ['report'],
  synopsis: 'report --run ID | --model ID --instance I | --watch',
  summary: 'one HTML file: WER charts, old -> new, the utterances that changed',
  flags,
  usage,
  run: reportCommand,
};
