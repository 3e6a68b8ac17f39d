import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DOMParser } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyCommand } from '#cli/history.js';
import { formatMigrationStatus } from '#cli/report/migration-status-report.js';
import { formatRunReport } from '#cli/report/run-report.js';
import type { RunReport } from '#cli/report/run-report-data.js';
import { reportCommand } from '#cli/report.js';
import type { MigrationRecord } from '#core/migration/index.js';
import { loadDemoFleet } from '#demo/run-demo.js';
import { type RunningSimulator, startSimulator } from '#simulator/index.js';

const run = promisify(execFile);
/** Each start synthesizes the stack and runs a whole fleet in a child process: up to ~2 minutes on a loaded 2-core machine. */
const startTimeoutMs = 600_000;
const tsx = path.resolve('node_modules/.bin/tsx');

/** Runs `npm start`'s program as a user would, with its own data folder. */
async function start(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, ['demo/main.ts', ...args], { timeout: startTimeoutMs });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** `stt-upgrader history` in-process: what it printed, after checking it answered. */
async function history(args: string[]): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await historyCommand(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  expect(err.join('')).toBe('');
  expect(code).toBe(0);
  return out.join('');
}

describe('npm start against the built-in simulator', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'npm-start-'));
  let first: RunReport;

  beforeAll(async () => {
    const result = await start(['--json', '--data-dir', dataDir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    first = JSON.parse(result.stdout) as RunReport;
  }, startTimeoutMs);

  it('reads the release notes, runs the announced fleet and upgrades every model behind, with reasons for the rest', () => {
    const byName = new Map(first.models.map((m) => [m.name, m]));
    const fleet = loadDemoFleet();
    expect(first.models.length + first.notPlanned.length).toBe(
      (fleet.languageModels?.length ?? 0) + (fleet.acousticModels?.length ?? 0),
    );
    expect(first.fleet).toMatchObject({
      trigger: expect.stringMatching(/^release /),
      status: 'AllUnitsSucceeded',
    });
    expect(first.summary).toEqual({
      upgraded: 7,
      skipped: { 'no-data': 1 },
      failed: 0,
      verification: { passed: 1, regressed: 1, invalid: 0, unverified: 5 },
    });
    expect(first.notPlanned.map((m) => m.name)).toEqual(['branch-ivr']);
    expect(byName.get('claims-mobile')?.steps).toEqual(['upgrade', 'upgrade-with-language-model-forced']);
    expect(byName.get('claims-headsets')?.steps).toEqual(['upgrade', 'upgrade-with-language-model']);
    expect(byName.get('sales-calls')?.outcome).toBe('upgraded');
    expect(first.units.every((u) => u.status === 'SUCCEEDED' && u.stateTransitions > 0)).toBe(true);
    expect(first.wallSeconds).toBeLessThan(60);
    expect(first.simulatedSeconds).toBeGreaterThan(1800);
  });

  it('verifies the two models with test sets: one upgrade passes, one regresses with the version to pin', () => {
    const byName = new Map(first.models.map((m) => [m.name, m]));
    const passed = byName.get('support-calls')?.verification;
    expect(passed).toMatchObject({ outcome: 'passed', testSet: 'support-calls', wordsLost: [] });
    // The old version mis-heard one word the new one hears: the new version is better.
    expect(passed?.old?.wer).toBeGreaterThan(passed?.new?.wer ?? 1);
    const regressed = byName.get('claims-vocabulary')?.verification;
    expect(regressed).toMatchObject({
      outcome: 'regressed',
      testSet: 'claims-vocabulary',
      old: { version: 'en-US_BroadbandModel.v2020-01-16', deletions: 0 },
      new: { version: byName.get('claims-vocabulary')?.versionAfter, deletions: 3 },
      wordsLost: [{ word: 'claim', count: 3 }],
    });
    expect(byName.get('warehouse-floor')?.verification).toMatchObject({
      outcome: 'unverified',
      reason: 'no test set is configured for the model',
    });
    expect(byName.get('drafts')?.verification).toBeNull();

    const text = formatRunReport(first);
    expect(text).toMatch(/^KIND +MODEL +OUTCOME +VERSION +WER OLD -> NEW +VERIFIED /m);
    expect(text).toMatch(
      /^language +claims-vocabulary +upgraded +v2020-01-16 -> v\S+ +3\.57% -> 10\.71% +regressed /m,
    );
    expect(text).toContain('Verification: 1 passed, 1 regressed, 0 invalid');
    expect(text).toContain('base_model_version=en-US_BroadbandModel.v2020-01-16');
  });

  it('moves two next-generation models to en-US: one better, one worse with the words it lost', () => {
    const { migrations } = first as unknown as { migrations: MigrationRecord[] };
    const byName = Object.fromEntries(migrations.map((m) => [m.sourceName, m]));
    expect(byName['support-lines']).toMatchObject({
      status: 'migrated',
      target: 'en-US',
      comparison: { verdict: 'better' },
    });
    expect(byName['zurich-claims']).toMatchObject({
      status: 'migrated',
      comparison: { verdict: 'worse', wordsLost: expect.arrayContaining([{ word: 'zurich', count: 4 }]) },
    });
    const table = formatMigrationStatus(migrations);
    expect(table).toMatch(/^support-lines +en-US_Telephony +en-US +\S+ +migrated +better /m);
    expect(table).toMatch(/^zurich-claims +en-US_Telephony +en-US +\S+ +migrated +worse .*zurich \(4\)/m);
  });

  it('retrains the language model of the improved next-generation base model, opted in', () => {
    const model = first.models.find((m) => m.name === 'telephony-notes');
    expect(model).toMatchObject({
      outcome: 'upgraded',
      steps: ['retrain'],
      versionBefore: 'en-US_Telephony.v2021-07-29',
    });
    expect(model?.versionAfter).toMatch(/^en-US_Telephony\.v\d{4}-\d{2}-\d{2}$/);
    expect(model?.reason).toMatch(/^retrained/);
    expect(formatRunReport(first)).toMatch(/^language +telephony-notes +retrained +v2021-07-29 -> v/m);
  });

  it(
    "writes the fleet run's HTML report under the data directory, prints where, and stt-upgrader report writes a run's or a model's",
    async () => {
      const written = first.fleet.report;
      const file = path.join(
        dataDir,
        'bucket',
        '_upgrader',
        'reports',
        'fleet-runs',
        `${first.fleet.fleetRunId}.html`,
      );
      expect(written).toEqual({ uri: file });
      expect(formatRunReport(first)).toContain(`Report: ${file}\n`);
      const claims = first.models.find((m) => m.name === 'claims-vocabulary');
      const read = async (args: string[]) => {
        const out = path.join(dataDir, `${args.join('-')}.html`);
        const err: string[] = [];
        const code = await reportCommand([...args, '--data-dir', dataDir, '--out', out], {
          stdout: (t) => expect(t).toBe(`${out}\n`),
          stderr: (t) => err.push(t),
        });
        expect([code, err.join('')]).toEqual([0, '']);
        return new DOMParser().parseFromString(readFileSync(out, 'utf8'), 'text/html');
      };
      for (const document of [
        new DOMParser().parseFromString(readFileSync(file, 'utf8'), 'text/html'),
        await read(['--run', first.fleet.fleetRunId]),
      ]) {
        expect(document.querySelectorAll('figure.chart[data-model]').length).toBe(2);
        const regression = document.querySelector(
          `section.regression[data-model="${claims?.customizationId}"]`,
        );
        // Three lose "claim"; the fourth gains "refund", which the old version mis-heard.
        expect(regression?.querySelectorAll('.utterance').length).toBe(4);
      }
      // The watch run that found the large speech model worse has its report too, with the changed utterances.
      const watch = (first as unknown as { watch: { report: { uri: string } } }).watch;
      expect(watch.report.uri).toMatch(/bucket\/_upgrader\/reports\/watch-runs\/demo\/.+\.html$/u);
      const watchReport = new DOMParser().parseFromString(
        readFileSync(watch.report.uri, 'utf8'),
        'text/html',
      );
      const lsm = watchReport.querySelector(
        'section.regression[data-model="0a1b2c3d-0010-4a00-8000-000000000010"]',
      );
      expect(lsm?.querySelectorAll('table.alignment.new td.substitution').length).toBeGreaterThan(0);
      const model = await read(['--model', claims?.customizationId ?? '', '--instance', 'demo']);
      expect(model.querySelector('h1')?.textContent).toBe('Model claims-vocabulary');
      // Before and after its upgrade, then the demo's two watch runs.
      expect(model.querySelectorAll('figure[data-model] g[aria-label="dot"] circle').length).toBe(4);
    },
    startTimeoutMs,
  );

  it(
    'shows the verifications of a run in stt-upgrader history',
    async () => {
      const runId = first.models.find((m) => m.name === 'claims-vocabulary')?.runId ?? '';
      const text = await history(['--data-dir', dataDir, '--run', runId]);
      expect(text).toMatch(/^Verifications$/m);
      expect(text).toMatch(
        /claims-vocabulary +regressed +claims-vocabulary +3\.57% -> 10\.71% +claim \(3\) +clients can pin base_model_version=en-US_BroadbandModel\.v2020-01-16/,
      );
      const json = JSON.parse(await history(['--data-dir', dataDir, '--run', runId, '--json'])) as {
        verifications: { customizationId: string; outcome: string }[];
      };
      expect(json.verifications.map((r) => r.outcome).sort()).toEqual([
        'regressed',
        'unverified',
        'unverified',
      ]);
    },
    startTimeoutMs,
  );

  it(
    'finds the earlier history when run again: the known release entry is not announced twice',
    async () => {
      const again = await start(['--json', '--data-dir', dataDir]);
      expect(again.code).toBe(0);
      const second = JSON.parse(again.stdout) as RunReport;
      expect(second.earlierRuns).toBe(first.units.length);
      expect(second.fleet?.trigger).toBe('manual npm-start');
      expect(second.summary.upgraded).toBe(first.summary.upgraded);
      expect(second.summary.verification).toEqual(first.summary.verification);
      const { runs } = JSON.parse(await history(['--data-dir', dataDir, '--json'])) as {
        runs: { kind: string; run: { outcome: string } }[];
      };
      expect(runs.filter((r) => r.kind === 'unit')).toHaveLength(first.units.length + second.units.length);
      expect(runs.filter((r) => r.kind === 'fleet')).toHaveLength(2);
      expect(runs.every((r) => r.run.outcome === 'succeeded')).toBe(true);
    },
    startTimeoutMs,
  );
});

describe('npm start against a service URL', () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startSimulator({
      auth: { kind: 'iam', apikey: 'operator-key' },
      fleet: loadDemoFleet(),
    });
    simulator.releaseBaseModelVersion('en-US_BroadbandModel', 'v2026-11-24');
  });
  afterAll(async () => {
    await simulator.stop();
  });

  it(
    'only plans without --yes: reads models, upgrades nothing, records each decision',
    async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'npm-start-real-'));
      const result = await start([
        '--json',
        '--data-dir',
        dataDir,
        '--service-url',
        simulator.url,
        '--auth',
        'iam',
        '--apikey',
        'operator-key',
        '--auth-url',
        simulator.url,
        '--release-date',
        'en-US_BroadbandModel=2026-11-24',
      ]);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as RunReport;
      expect(simulator.requestLog().filter((e) => e.operation.startsWith('upgrade_'))).toEqual([]);
      expect(report.models.filter((m) => m.reason === 'dry run: would upgrade').length).toBeGreaterThan(0);
      expect(report.summary.upgraded).toBe(0);
      expect(result.stdout).not.toContain('operator-key');
      // The fleet planner chose the units, as for `stt-upgrader upgrade`: models of other base models are left out.
      expect(report.fleet.trigger).toBe('manual npm-start');
      expect(report.notPlanned.map((m) => m.name).sort()).toEqual(['branch-ivr', 'telephony-notes']);
    },
    startTimeoutMs,
  );

  it(
    'refuses bad options with a message that names the option',
    async () => {
      const result = await start(['--service-url', 'not a url']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--service-url');
    },
    startTimeoutMs,
  );

  it(
    'refuses options that choose a fleet on an instance when there is no --service-url',
    async () => {
      const result = await start(['--yes', '--release-date', 'en-US_BroadbandModel=2026-11-24']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--yes: is only used with --service-url');
      expect(result.stderr).toContain('--release-date: is only used with --service-url');
    },
    startTimeoutMs,
  );
});
