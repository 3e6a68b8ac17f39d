import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { handlerBundling } from '#lib/constructs/handler-function.js';

/**
 * A handler bundled as `cdk deploy` bundles it (esbuild, minified, CommonJS for Node 22), then
 * invoked: the Powertools logger must survive bundling and
 * minification and still write one JSON line keyed by execution, instance, model and step.
 */
describe('a bundled handler', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('logs a failed invocation as one JSON line with its keys, then rethrows', async () => {
    const outfile = path.join(mkdtempSync(path.join(tmpdir(), 'bundle-')), 'index.js');
    await build({
      entryPoints: ['lambdas/handlers/poll-upgrade.ts'],
      bundle: true,
      minify: handlerBundling.minify,
      platform: 'node',
      target: handlerBundling.target,
      format: 'cjs',
      external: [...handlerBundling.externalModules],
      outfile,
      logLevel: 'silent',
    });
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      HISTORY_TABLE_NAME: 'history',
      SETTINGS_BUCKET: 'settings',
      UPGRADER_HANDLER: 'poll-upgrade',
      POWERTOOLS_SERVICE_NAME: 'stt-model-upgrader',
      POWERTOOLS_DEV: 'true',
    });
    const lines: unknown[] = [];
    const original = console.error;
    console.error = (line: unknown) => lines.push(line);
    try {
      const { handler } = createRequire(import.meta.url)(outfile) as {
        handler: (e: unknown) => Promise<unknown>;
      };
      const event = {
        run: { runId: 'exec-1', instanceId: 'cloud' },
        model: { customizationId: '74f4807e-b5ff-4866-824e-6bba1a84fe96', kind: 'language' },
      };
      await expect(handler(event)).rejects.toMatchObject({ name: 'InvalidInput' });
    } finally {
      console.error = original;
    }
    // The AWS SDK travels in the bundle at the tested versions; nothing is left for the runtime to supply.
    expect(readFileSync(outfile, 'utf8')).not.toMatch(/require\("@aws-sdk\/(client|lib)-/);
    const records = lines.map((line) => JSON.parse(String(line)) as Record<string, unknown>);
    expect(records).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'step failed',
        service: 'stt-model-upgrader',
        step: 'poll-upgrade',
        executionName: 'exec-1',
        instanceId: 'cloud',
        customizationId: '74f4807e-b5ff-4866-824e-6bba1a84fe96',
        errorName: 'InvalidInput',
      }),
    );
  }, 30_000);
});
