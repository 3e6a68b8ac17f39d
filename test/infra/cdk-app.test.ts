import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('cdk synth without a deploy configuration', () => {
  it('fails with "No deploy configuration" instead of deploying the example', async () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-no-config-'));
    const failure = await run(
      path.resolve('node_modules/.bin/cdk'),
      ['synth', '--quiet', '--no-notices', '--output', outdir],
      { timeout: 120_000, env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true' } },
    ).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure).toBeDefined();
    expect(failure?.stderr).toContain('No deploy configuration: pass -c config=<file.json>');
    expect(failure?.stdout).not.toContain('stt-operators@example.com');
  }, 120_000);
});
