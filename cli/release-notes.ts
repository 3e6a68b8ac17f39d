import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseReleaseNotesDocument, type ReleaseEntry } from '#core/release/notes/index.js';
import type { CliCommand } from './command.js';
import type { CommandIo } from './command-io.js';
import { textTable, truncate } from './report/text-table.js';

const USAGE = `usage: stt-upgrader release-notes parse <file-or-url> [--json]

The base-model updates announced in IBM's release notes: a Markdown file (IBM Cloud, Cloud Pak
for Data or Software Hub release notes) or its URL. Each entry: its date, release, whether custom
models must be upgraded (and which kinds), the base models and the section's title.

  --json      the entries as JSON
  -h, --help  this help

Exit codes: 0 read, 1 the file or URL could not be read, 2 usage.`;

const flags = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
const FETCH_TIMEOUT_MS = 30_000;
const TITLE_WIDTH = 60;

/**
 * `stt-upgrader release-notes parse <file-or-url> [--json]`: prints the base-model update
 * entries of a release-notes file or URL. Exit codes: 0 ok, 1 the input could not be read, 2 usage.
 */
export async function releaseNotesParseCommand(args: string[], io: CommandIo): Promise<number> {
  let parsed: { values: { json?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: flags, strict: true, allowPositionals: true });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [source, ...extra] = parsed.positionals;
  if (source === undefined || extra.length > 0) {
    io.stderr(
      `${source === undefined ? 'a file or URL is required' : `one file or URL, not ${parsed.positionals.length}`}\n${USAGE}\n`,
    );
    return 2;
  }
  const json = parsed.values.json === true;
  let markdown: string;
  try {
    markdown = /^https?:\/\//i.test(source) ? await fetchText(source) : await readFile(source, 'utf8');
  } catch (error) {
    io.stderr(`cannot read release notes from ${source}: ${describe(error)}\n`);
    return 1;
  }
  const document = parseReleaseNotesDocument(markdown, { source });
  if (document.datedSections === 0) {
    io.stderr(`warning: ${source} has no dated release-notes sections; is it a release-notes file?\n`);
  }
  io.stdout(json ? `${JSON.stringify(document.entries, null, 2)}\n` : formatTable(document.entries));
  return 0;
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  return response.text();
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return `no answer within ${FETCH_TIMEOUT_MS / 1000} s`;
  // fetch reports network failures as "fetch failed" with the reason in `cause`.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

function formatTable(entries: readonly ReleaseEntry[]): string {
  if (entries.length === 0) return 'No base-model updates found.\n';
  const header = ['DATE', 'RELEASE', 'UPGRADE', 'BASE MODELS', 'TITLE'];
  const rows = entries.map((entry) => [
    entry.date,
    entry.release ?? '-',
    upgradeLabel(entry),
    entry.baseModels.join(', ') || '-',
    truncate(entry.title, TITLE_WIDTH),
  ]);
  return textTable(header, rows);
}

function upgradeLabel(entry: ReleaseEntry): string {
  if (entry.upgradeRequired === null) return 'not said';
  if (entry.upgradeRequired === false) return 'no';
  const how = entry.upgradeRequired === 'retrain' ? 'retrain' : 'yes';
  return entry.customModelTypes.length > 0 ? `${how} (${entry.customModelTypes.join('+')})` : how;
}

export const releaseNotesParseSpec: CliCommand = {
  words: ['release-notes', 'parse'],
  synopsis: 'release-notes parse <file-or-url> [--json]',
  summary: "base-model updates announced in IBM's release notes",
  flags,
  usage: `${USAGE}\n`,
  run: releaseNotesParseCommand,
};
