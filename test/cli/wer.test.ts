import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { werCommand } from '#cli/wer.js';
import { scoreTranscripts } from '#core/scoring/index.js';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'wer-command-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const filePath = path.join(directory, name);
  await writeFile(filePath, text);
  return filePath;
}

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await werCommand(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const references = ["I'd like to check my claim status.", 'my claim number is four two', '', 'yes'];
const hypotheses = ["um I'd like to check the claim status", 'my number is for two', 'hello', 'yes yes'];

describe('stt-upgrader wer', () => {
  it('prints exactly the JSON fields, with the same numbers as the scoring core', async () => {
    const reference = await file('ref.txt', `${references.join('\n')}\n`);
    const hypothesis = await file('hyp.txt', `${hypotheses.join('\r\n')}\r\n`);
    const result = await run('--reference', reference, '--hypothesis', hypothesis, '--json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const core = scoreTranscripts(
      references.map((text, line) => ({ reference: text, hypothesis: hypotheses[line] as string })),
      'word',
    );
    expect(JSON.parse(result.stdout)).toStrictEqual({
      wer: core.wer,
      substitutions: core.substitutions,
      deletions: core.deletions,
      insertions: core.insertions,
      referenceWords: core.referenceWords,
      unit: 'word',
    });
    expect(core).toMatchObject({ substitutions: 2, deletions: 1, insertions: 2, referenceWords: 14 });
  });

  it('scores Japanese by characters with --language', async () => {
    const reference = await file('ja-ref.txt', '今日は晴れです\n');
    const hypothesis = await file('ja-hyp.txt', '今日 は 雨 です\n');
    const result = await run(
      '--reference',
      reference,
      '--hypothesis',
      hypothesis,
      '--language',
      'ja-JP',
      '--json',
    );
    const answer = JSON.parse(result.stdout);
    expect(answer).toMatchObject({ unit: 'character', referenceWords: 7, substitutions: 1, deletions: 1 });
    expect(answer.wer).toBeCloseTo(2 / 7, 12);
  });

  it('prints null for the rate when the reference has no words', async () => {
    const reference = await file('empty-ref.txt', 'um\n\n');
    const hypothesis = await file('empty-hyp.txt', 'uh\nhello\n');
    const result = await run('--reference', reference, '--hypothesis', hypothesis, '--json');
    expect(JSON.parse(result.stdout)).toMatchObject({ wer: null, referenceWords: 0, insertions: 1 });
  });

  it('prints an aligned table without --json', async () => {
    const reference = await file('t-ref.txt', 'one two three four\n');
    const hypothesis = await file('t-hyp.txt', 'one too three\n');
    const result = await run('--reference', reference, '--hypothesis', hypothesis);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^MEASURE\s+VALUE$/);
    expect(lines).toContainEqual(expect.stringMatching(/^word error rate\s+50\.00%$/));
    expect(lines).toContainEqual(expect.stringMatching(/^reference words\s+4$/));
    expect(lines).toContainEqual(expect.stringMatching(/^sentence error rate\s+100\.00%$/));
  });

  it('names both line counts when the files do not pair up', async () => {
    const reference = await file('three.txt', 'a\nb\nc\n');
    const hypothesis = await file('two.txt', 'a\nb\n');
    const result = await run('--reference', reference, '--hypothesis', hypothesis);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${reference} has 3 utterance(s) and ${hypothesis} has 2`);
    expect(result.stdout).toBe('');
  });

  it('exits 1 naming a file it cannot read', async () => {
    const reference = await file('present.txt', 'a\n');
    const missing = path.join(directory, 'absent.txt');
    const result = await run('--reference', reference, '--hypothesis', missing);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot read ${missing}`);
  });

  it('exits 2 with the usage when a flag is missing or unknown', async () => {
    const missing = await run('--reference', 'ref.txt');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^--hypothesis: is required\nusage: stt-upgrader wer/);
    const unknown = await run('--reference', 'a', '--hypothesis', 'b', '--lang', 'ja');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("'--lang'");
  });
});
