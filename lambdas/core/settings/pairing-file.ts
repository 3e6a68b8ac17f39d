import { z } from 'zod';
import { InvalidInputError } from '../contract/errors.js';
import { customizationIdSchema, instanceIdSchema } from '../unit/unit-input.js';
import type { InstancePairing, OperatorPairings } from './settings-documents.js';

/**
 * Pairings files an operator imports and exports: CSV with the header
 * `instanceId,acousticModelId,languageModelId`, or JSON `{ "pairings": [{ ...the same fields }] }`
 * (a bare array is taken too). Every bad row is named by its line and field.
 */
export const pairingRowSchema = z.strictObject({
  instanceId: instanceIdSchema,
  acousticModelId: customizationIdSchema,
  languageModelId: customizationIdSchema,
});
export type PairingRow = z.infer<typeof pairingRowSchema>;

export type PairingFileFormat = 'csv' | 'json';

const columns = ['instanceId', 'acousticModelId', 'languageModelId'] as const;

/** A row with the line of the file it came from. */
export interface LocatedRow {
  readonly line: number;
  readonly row: PairingRow;
}

/** Parses a pairings file; `knownInstances` are the configured instances a row may name. */
export function parsePairingFile(
  text: string,
  format: PairingFileFormat,
  what: string,
  knownInstances: readonly string[],
): LocatedRow[] {
  const { rows, issues } = format === 'csv' ? csvRows(text) : jsonRows(text);
  issues.push(...crossRowIssues(rows, knownInstances));
  // Stable sort: a row's own issues stay in field order, rows in file order.
  if (issues.length > 0)
    throw new InvalidInputError(
      what,
      issues.sort((a, b) => lineOf(a) - lineOf(b)),
    );
  return rows;
}

/** The format a file name implies: `.csv` or `.json`. */
export function formatOfFileName(fileName: string): PairingFileFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}

function rowIssues(line: number, value: unknown, rows: LocatedRow[]): string[] {
  const parsed = pairingRowSchema.safeParse(value);
  if (parsed.success) {
    rows.push({ line, row: parsed.data });
    return [];
  }
  return parsed.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') return `line ${line}: unknown field ${issue.keys.join(', ')}`;
    return `line ${line}: ${field ? `${field}: ` : ''}${issue.message}`;
  });
}

// Ids are letters, digits, dots, dashes and underscores, so a field never holds a comma: a split
// on commas is a complete CSV reader for valid files, and quotes spreadsheets add are dropped.
function csvRows(text: string) {
  const rows: LocatedRow[] = [];
  const issues: string[] = [];
  const lines = text.split(/\r?\n/u);
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  if (headerIndex < 0) return { rows, issues: ['the file is empty: it needs a header line and rows'] };
  const header = cells(lines[headerIndex] ?? '');
  const missing = columns.filter((column) => !header.includes(column));
  const unknown = header.filter((cell) => !(columns as readonly string[]).includes(cell));
  if (missing.length > 0 || unknown.length > 0) {
    return {
      rows,
      issues: [
        `line ${headerIndex + 1}: the header must be ${columns.join(',')}${
          missing.length > 0 ? `; missing ${missing.join(', ')}` : ''
        }${unknown.length > 0 ? `; unknown ${unknown.join(', ')}` : ''}`,
      ],
    };
  }
  lines.forEach((text, index) => {
    if (index <= headerIndex || text.trim() === '') return;
    const values = cells(text);
    if (values.length !== header.length) {
      issues.push(`line ${index + 1}: has ${values.length} fields, the header ${header.length}`);
      return;
    }
    issues.push(...rowIssues(index + 1, Object.fromEntries(header.map((c, i) => [c, values[i]])), rows));
  });
  return { rows, issues };
}

function cells(line: string): string[] {
  return line.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/u, '$1'));
}

function jsonRows(text: string) {
  const rows: LocatedRow[] = [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { rows, issues: [`not JSON: ${(error as Error).message}`] };
  }
  const wrapped = !Array.isArray(value);
  const list = wrapped ? (value as { pairings?: unknown } | null)?.pairings : value;
  const extra = wrapped && value !== null && typeof value === 'object' ? Object.keys(value) : [];
  if (!Array.isArray(list) || extra.some((key) => key !== 'pairings')) {
    return { rows, issues: ['must be { "pairings": [...] } or an array of pairings'] };
  }
  const lines = elementLines(text, wrapped ? 2 : 1);
  const issues = list.flatMap((element, index) => rowIssues(lines[index] ?? 1, element, rows));
  return { rows, issues };
}

/**
 * The line on which each element of the rows array begins; `depth` is how deep that array sits
 * (1 for a bare array, 2 inside `{ "pairings": [...] }`). JSON.parse gives no positions.
 */
function elementLines(text: string, depth: number): number[] {
  const lines: number[] = [];
  let line = 1;
  let open = 0;
  let inString = false;
  let expectElement = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '\n') line++;
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') continue;
    if (expectElement && char !== ']') lines.push(line);
    expectElement = false;
    if (char === '"') inString = true;
    else if (char === '{' || char === '[') {
      open++;
      if (open === depth && char === '[') expectElement = true;
    } else if (char === '}' || char === ']') open--;
    else if (char === ',' && open === depth) expectElement = true;
  }
  return lines;
}

function crossRowIssues(rows: readonly LocatedRow[], knownInstances: readonly string[]): string[] {
  const issues: string[] = [];
  const first = new Map<string, number>();
  for (const { line, row } of rows) {
    if (!knownInstances.includes(row.instanceId)) {
      issues.push(`line ${line}: instanceId: no STT instance '${row.instanceId}' is configured`);
    }
    const key = `${row.instanceId} ${row.acousticModelId}`;
    const seen = first.get(key);
    if (seen !== undefined) {
      issues.push(`line ${line}: acousticModelId: ${row.acousticModelId} is paired already on line ${seen}`);
    } else first.set(key, line);
    if (row.acousticModelId.toLowerCase() === row.languageModelId.toLowerCase()) {
      issues.push(`line ${line}: languageModelId: is the acoustic model itself`);
    }
  }
  return issues;
}

const lineOf = (issue: string) => Number(/^line (\d+)/u.exec(issue)?.[1] ?? 0);

/**
 * The operator's pairings after an import: each imported row adds or replaces the pairing of its
 * acoustic model; with `replace`, the file is the whole operator list of every instance it names.
 */
export function importPairings(
  current: OperatorPairings,
  rows: readonly PairingRow[],
  options: { readonly replace: boolean },
): OperatorPairings {
  const instances = new Map(Object.entries(current.instances).map(([id, list]) => [id, [...list]]));
  if (options.replace) for (const { instanceId } of rows) instances.set(instanceId, []);
  for (const { instanceId, acousticModelId, languageModelId } of rows) {
    const list = (instances.get(instanceId) ?? []).filter((p) => p.acousticModelId !== acousticModelId);
    list.push({ acousticModelId, languageModelId });
    instances.set(instanceId, list);
  }
  return { instances: Object.fromEntries(instances) };
}

/** A pairings file as `export` writes it: it imports back unchanged. */
export function formatPairingFile(pairings: readonly InstancePairing[], format: PairingFileFormat): string {
  const rows = pairings.map(({ instanceId, acousticModelId, languageModelId }) => ({
    instanceId,
    acousticModelId,
    languageModelId,
  }));
  if (format === 'csv') {
    return `${[columns.join(','), ...rows.map((row) => columns.map((c) => row[c]).join(','))].join('\n')}\n`;
  }
  // One row a line, so a line number in an import error points at one pairing.
  const body = rows.map((row) => `    ${JSON.stringify(row)}`).join(',\n');
  return `{\n  "pairings": [${rows.length > 0 ? `\n${body}\n  ` : ''}]\n}\n`;
}
