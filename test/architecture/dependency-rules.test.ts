import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const run = promisify(execFile);
const repo = path.resolve('.');
const config = path.join(repo, '.dependency-cruiser.cjs');
const depcruise = path.join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
/** One cruise of the whole tree takes a few seconds; a loaded 2-core machine may take several times that. */
const cruiseTimeoutMs = 120_000;

const cruiseResultSchema = z.object({
  summary: z.object({
    violations: z.array(z.object({ from: z.string(), to: z.string(), rule: z.object({ name: z.string() }) })),
  }),
});

/** A resolved npm module as its package name, so a violation reads the same wherever node_modules lies. */
function moduleName(resolved: string): string {
  const at = resolved.lastIndexOf('node_modules/');
  if (at < 0) return resolved;
  const [scope = '', name = ''] = resolved.slice(at + 'node_modules/'.length).split('/');
  return scope.startsWith('@') ? `${scope}/${name}` : scope;
}

/** Runs dependency-cruiser with the project's rules, as `npm run deps` does, and lists what it reports. */
async function violations(cwd: string, folders: readonly string[]): Promise<string[]> {
  const { stdout } = await run(
    process.execPath,
    [depcruise, '--config', config, '--output-type', 'json', ...folders],
    { cwd, maxBuffer: 256 * 1024 * 1024, timeout: cruiseTimeoutMs },
  );
  const result = cruiseResultSchema.parse(JSON.parse(stdout));
  return [
    ...new Set(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${moduleName(v.to)}`)),
  ].sort();
}

/** A module importing each of `specifiers`. */
function moduleImporting(...specifiers: string[]): string {
  return `${specifiers.map((specifier, i) => `import * as m${i} from '${specifier}';`).join('\n')}\nexport const uses = [${specifiers.map((_, i) => `m${i}`).join(', ')}];\n`;
}

/**
 * A miniature of the project's tree: every folder, the same `#` subpath imports, imports the rules
 * allow, and one file per planted violation.
 */
const allowed: Record<string, string[]> = {
  'lambdas/core/contract.ts': ['node:crypto', 'zod'],
  'lambdas/core/decision.ts': ['./contract.js'],
  'lambdas/adapters/store.ts': ['#core/contract.js', '@aws-sdk/client-dynamodb', 'node:http'],
  'lambdas/handlers/handler.ts': ['#adapters/store.js', '#core/decision.js'],
  'lib/stack.ts': ['#core/contract.js', 'aws-cdk-lib'],
  'local/runtime.ts': ['#handlers/handler.js', '#lib/stack.js', 'node:fs'],
  'cli/report/table.ts': ['#local/runtime.js'],
  'cli/flags/flags.ts': ['#local/runtime.js'],
  'cli/command.ts': ['#local/runtime.js', './report/table.js', './flags/flags.js'],
  'demo/demo.ts': ['#local/runtime.js', '#cli/command.js', '#simulator/server.js'],
  'tools/diagrams.ts': ['#local/runtime.js', '#lib/stack.js'],
  'bench/bench.ts': ['#local/runtime.js', '#cli/flags/flags.js', '#simulator/server.js'],
  'simulator/server.ts': ['./ibm-models.js', 'node:http'],
  'simulator/ibm-models.ts': ['zod'],
  'bin/operator.ts': ['#cli/command.js'],
  'testkit/fleet.ts': ['#local/runtime.js', '#simulator/server.js'],
  'bench/scenario.ts': ['#testkit/fleet.js'],
  'test/scenario.test.ts': ['#testkit/fleet.js', '#bench/scenario.js'],
};

const planted: Record<string, { imports: string[]; reported: string[] }> = {
  'local/cycle-a.ts': {
    imports: ['./cycle-b.js'],
    reported: ['no-circular: local/cycle-a.ts -> local/cycle-b.ts'],
  },
  // dependency-cruiser reports a cycle once, at the module it reached first.
  'local/cycle-b.ts': { imports: ['./cycle-a.js'], reported: [] },
  'local/typo.ts': {
    imports: ['#core/contrakt.js'],
    reported: ['no-unresolvable: local/typo.ts -> #core/contrakt.js'],
  },
  'lambdas/core/reads-adapter.ts': {
    imports: ['#adapters/store.js'],
    reported: ['core-is-pure: lambdas/core/reads-adapter.ts -> lambdas/adapters/store.ts'],
  },
  'lambdas/core/reads-handler.ts': {
    imports: ['#handlers/handler.js'],
    reported: ['core-is-pure: lambdas/core/reads-handler.ts -> lambdas/handlers/handler.ts'],
  },
  'lambdas/core/calls-aws.ts': {
    imports: ['@aws-sdk/client-sfn'],
    reported: ['core-is-pure: lambdas/core/calls-aws.ts -> @aws-sdk/client-sfn'],
  },
  'lambdas/core/calls-ibm.ts': {
    imports: ['ibm-watson/auth/index.js'],
    reported: ['core-is-pure: lambdas/core/calls-ibm.ts -> ibm-watson'],
  },
  'lambdas/core/reads-files.ts': {
    imports: ['node:fs/promises'],
    reported: ['core-is-pure: lambdas/core/reads-files.ts -> fs/promises'],
  },
  'lambdas/core/spawns.ts': {
    imports: ['node:child_process'],
    reported: ['core-is-pure: lambdas/core/spawns.ts -> child_process'],
  },
  'lib/bundles-handler.ts': {
    imports: ['#handlers/handler.js'],
    reported: ['lib-uses-no-handler-code: lib/bundles-handler.ts -> lambdas/handlers/handler.ts'],
  },
  'lib/reads-adapter.ts': {
    imports: ['#adapters/store.js'],
    reported: ['lib-uses-no-handler-code: lib/reads-adapter.ts -> lambdas/adapters/store.ts'],
  },
  'lambdas/handlers/runs-locally.ts': {
    imports: ['#local/runtime.js'],
    reported: ['deployed-code-stays-deployable: lambdas/handlers/runs-locally.ts -> local/runtime.ts'],
  },
  'lib/prints.ts': {
    imports: ['#cli/report/table.js'],
    reported: ['deployed-code-stays-deployable: lib/prints.ts -> cli/report/table.ts'],
  },
  'lambdas/adapters/simulates.ts': {
    imports: ['#simulator/server.js'],
    reported: ['deployed-code-stays-deployable: lambdas/adapters/simulates.ts -> simulator/server.ts'],
  },
  'cli/demo-command.ts': {
    imports: ['#demo/demo.js'],
    reported: ['demo-and-tools-are-on-top: cli/demo-command.ts -> demo/demo.ts'],
  },
  'bench/draws.ts': {
    imports: ['#tools/diagrams.js'],
    reported: ['demo-and-tools-are-on-top: bench/draws.ts -> tools/diagrams.ts'],
  },
  'local/formats.ts': {
    imports: ['#cli/report/table.js'],
    reported: ['local-runtime-is-below-its-users: local/formats.ts -> cli/report/table.ts'],
  },
  'local/benchmarks.ts': {
    imports: ['#bench/bench.js'],
    reported: ['local-runtime-is-below-its-users: local/benchmarks.ts -> bench/bench.ts'],
  },
  'cli/report/runs-command.ts': {
    imports: ['#cli/command.js'],
    reported: ['report-and-flags-import-no-command: cli/report/runs-command.ts -> cli/command.ts'],
  },
  'cli/flags/runs-command.ts': {
    imports: ['../command.js'],
    reported: ['report-and-flags-import-no-command: cli/flags/runs-command.ts -> cli/command.ts'],
  },
  'simulator/runs-upgrader.ts': {
    imports: ['#local/runtime.js'],
    reported: ['simulator-is-standalone: simulator/runs-upgrader.ts -> local/runtime.ts'],
  },
  'simulator/shares-core-types.ts': {
    imports: ['#core/contract.js'],
    reported: ['simulator-is-standalone: simulator/shares-core-types.ts -> lambdas/core/contract.ts'],
  },
  'simulator/reads-table.ts': {
    imports: ['#adapters/store.js'],
    reported: ['simulator-is-standalone: simulator/reads-table.ts -> lambdas/adapters/store.ts'],
  },
  'local/starts-fleet.ts': {
    imports: ['#testkit/fleet.js'],
    reported: ['testkit-serves-tests-and-bench: local/starts-fleet.ts -> testkit/fleet.ts'],
  },
  'testkit/runs-test.ts': {
    imports: ['#test/scenario.test.js'],
    reported: ['testkit-is-below-its-users: testkit/runs-test.ts -> test/scenario.test.ts'],
  },
  'bench/runs-test.ts': {
    imports: ['#test/scenario.test.js'],
    reported: ['bench-does-not-import-tests: bench/runs-test.ts -> test/scenario.test.ts'],
  },
};

describe('dependency rules (npm run deps)', () => {
  let tree: string;

  beforeAll(() => {
    tree = mkdtempSync(path.join(tmpdir(), 'dependency-rules-'));
    const manifest = z
      .object({ imports: z.record(z.string(), z.string()) })
      .parse(JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')));
    writeFileSync(
      path.join(tree, 'package.json'),
      JSON.stringify({ name: 'tree', type: 'module', imports: manifest.imports }),
    );
    // The planted tree resolves npm packages (the AWS SDK, ibm-watson) from the project's own.
    symlinkSync(path.join(repo, 'node_modules'), path.join(tree, 'node_modules'), 'dir');
    const files = {
      ...Object.fromEntries(Object.entries(allowed).map(([file, imports]) => [file, imports])),
      ...Object.fromEntries(Object.entries(planted).map(([file, { imports }]) => [file, imports])),
    };
    for (const [file, imports] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
      writeFileSync(path.join(tree, file), moduleImporting(...imports));
    }
  });
  afterAll(() => {
    rmSync(tree, { recursive: true, force: true });
  });

  it(
    'reports a planted violation of every configured rule, and nothing the rules allow',
    async () => {
      const expected = Object.values(planted)
        .flatMap((file) => file.reported)
        .sort();
      expect(
        await violations(tree, [
          'bin',
          'lib',
          'lambdas',
          'cli',
          'local',
          'simulator',
          'bench',
          'demo',
          'tools',
          'testkit',
          'test',
        ]),
      ).toEqual(expected);
      const rules = new Set(expected.map((line) => line.split(':')[0]));
      const configured = z
        .object({ forbidden: z.array(z.object({ name: z.string() })) })
        .parse(createRequire(import.meta.url)(config));
      expect(rules).toEqual(new Set(configured.forbidden.map((rule) => rule.name)));
    },
    cruiseTimeoutMs,
  );

  it(
    'finds no violation in the folders npm run deps checks',
    async () => {
      const script = z
        .object({ scripts: z.object({ deps: z.string() }) })
        .parse(JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'))).scripts.deps;
      const folders = script.split(' ').slice(3);
      expect(folders).toEqual([
        'bin',
        'lib',
        'lambdas',
        'cli',
        'local',
        'simulator',
        'bench',
        'demo',
        'tools',
        'testkit',
        'test',
      ]);
      expect(await violations(repo, folders)).toEqual([]);
    },
    cruiseTimeoutMs,
  );
});
