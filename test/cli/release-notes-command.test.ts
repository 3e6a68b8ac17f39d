import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseNotesParseCommand } from '#cli/release-notes.js';
import { releaseEntrySchema } from '#core/release/notes/index.js';

const FIXTURE = join(process.cwd(), 'test', 'fixtures', 'release-notes', 'cpd-4x-data.md');
const expected: unknown = JSON.parse(readFileSync(FIXTURE.replace(/\.md$/, '.expected.json'), 'utf8'));

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await releaseNotesParseCommand(args, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/release-notes-data.md') {
      response.writeHead(200, { 'content-type': 'text/markdown' });
      response.end(readFileSync(FIXTURE));
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

describe('stt-upgrader release-notes parse', () => {
  it('prints the entries of a file as JSON with --json', async () => {
    const result = await run(FIXTURE, '--json');
    expect(result.code).toBe(0);
    const printed: unknown = JSON.parse(result.stdout);
    expect(printed).toEqual(expected);
    expect(releaseEntrySchema.array().safeParse(printed).success).toBe(true);
    expect(result.stderr).toBe('');
  });

  it('prints an aligned table by default, one row per entry', async () => {
    const result = await run(FIXTURE);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^DATE\s+RELEASE\s+UPGRADE\s+BASE MODELS\s+TITLE$/);
    expect(lines).toHaveLength(1 + (expected as unknown[]).length);
    expect(lines[1]).toMatch(
      /^2023-02-01\s+Version 4\.6\.3\s+yes \(language\)\s+ja-JP_Telephony\s+Updated Japanese telephony model$/,
    );
    expect(lines[3]).toContain('yes (language+acoustic)');
    expect(lines[2]).toMatch(/\sno\s/);
    // Columns line up: every row starts its release column where the header does.
    const releaseColumn = lines[0]?.indexOf('RELEASE');
    for (const line of lines.slice(1)) expect(line.indexOf('Version')).toBe(releaseColumn);
  });

  it('truncates long titles in the table', async () => {
    const result = await run(
      join(process.cwd(), 'test', 'fixtures', 'release-notes', 'cloud-2018-bullets.md'),
    );
    expect(result.stdout).toContain('The Brazilian Portuguese models, pt-BR_BroadbandModel and p…');
  });

  it('fetches the notes from an http URL', async () => {
    const result = await run(`${base}/release-notes-data.md`, '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(expected);
  });

  it('names the URL and the HTTP status when the server answers non-2xx', async () => {
    const result = await run(`${base}/missing.md`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${base}/missing.md`);
    expect(result.stderr).toContain('HTTP 404');
    expect(result.stdout).toBe('');
  });

  it('names the URL when nothing answers', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await run(`http://127.0.0.1:${port}/notes.md`);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`cannot read release notes from http://127\\.0\\.0\\.1:${port}/notes\\.md: fetch failed`),
    );
  });

  it('names the file it cannot read', async () => {
    const missing = join(process.cwd(), 'test', 'fixtures', 'release-notes', 'no-such-file.md');
    const result = await run(missing);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(missing);
    expect(result.stderr).toContain('ENOENT');
  });

  it('warns when the input has no dated sections at all', async () => {
    const result = await run(join(process.cwd(), 'package.json'));
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('No base-model updates found.\n');
    expect(result.stderr).toContain('no dated release-notes sections');
  });

  it.each([[[]], [['--json']], [['a.md', 'b.md']], [['a.md', '--yaml']]])(
    'answers usage errors %j with exit code 2',
    async (args) => {
      const result = await run(...args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('usage: stt-upgrader release-notes parse <file-or-url> [--json]');
    },
  );
});
