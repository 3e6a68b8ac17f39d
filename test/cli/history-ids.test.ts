import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dryRunCommand } from '#cli/dry-run.js';
import { historyCommand } from '#cli/history.js';
import type { RunReport } from '#cli/report/run-report-data.js';
import { upgradeCommand } from '#cli/upgrade.js';
import type { ListedRun } from '#core/history/run-list.js';
import { ScaledClock } from '#local/scaled-clock.js';
import { type RunningSimulator, startSimulator } from '#simulator/index.js';

const base = 'en-US_BroadbandModel';
const ids = {
  support: '0e000000-0000-4000-8000-000000000001',
  twinA: '0e000000-0000-4000-8000-000000000002',
  twinB: '0e000000-0000-4000-8000-000000000003',
};
const planStamp = '2026-11-25T08-00-00-000Z';
const upgradeStamp = '2026-11-25T09-00-00-000Z';

type Result = { code: number; stdout: string; stderr: string };
async function run(command: typeof historyCommand, args: string[]): Promise<Result>;
async function run(
  command: typeof dryRunCommand,
  args: string[],
  deps: Parameters<typeof dryRunCommand>[2],
): Promise<Result>;
async function run(
  command: typeof dryRunCommand,
  args: string[],
  deps?: Parameters<typeof dryRunCommand>[2],
): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (text: string) => {
      stdout += text;
    },
    stderr: (text: string) => {
      stderr += text;
    },
  };
  const code = await command(args, io, deps ?? {});
  return { code, stdout, stderr };
}

describe('every id the tool prints leads to its record in history', () => {
  const clock = new ScaledClock(20_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'history-ids-'));
  const history = (...args: string[]) => run(historyCommand, [...args, '--data-dir', dataDir]);
  const historyJson = async <T>(...args: string[]): Promise<T> => {
    const result = await history(...args, '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as T;
  };
  let simulator: RunningSimulator;
  let report: RunReport;

  beforeAll(async () => {
    simulator = await startSimulator({ clock: { now: () => clock.nowMs() }, seed: 9 });
    simulator.seedFleet({ baseModels: [{ name: base, versions: ['v2020-01-16', 'v2026-11-24'] }] });
    const old = { baseModelName: base, version: 'v2020-01-16', status: 'available' as const, words: 20 };
    simulator.seedFleet({
      languageModels: [
        { customizationId: ids.support, name: 'support-calls', ...old },
        // IBM does not make names unique.
        { customizationId: ids.twinA, name: 'twin', ...old },
        { customizationId: ids.twinB, name: 'twin', ...old },
      ],
    });
    const connection = ['--service-url', simulator.url, '--auth', 'none', '--data-dir', dataDir];
    const release = ['--release-date', `${base}=2026-11-24`];
    const plan = await run(dryRunCommand, [...connection, ...release, '--json'], {
      clock,
      now: () => new Date('2026-11-25T08:00:00.000Z'),
    });
    expect(plan.code).toBe(0);
    const upgrade = await run(upgradeCommand, ['--yes', ...connection, ...release, '--json'], {
      clock,
      now: () => new Date('2026-11-25T09:00:00.000Z'),
    });
    expect(upgrade.code).toBe(0);
    report = JSON.parse(upgrade.stdout) as RunReport;
  }, 180_000);
  afterAll(async () => {
    await simulator.stop();
  });

  it('lists fleet and unit runs newest first by when they were recorded, marks dry runs, and says what it cut', async () => {
    const { runs, cut } = await historyJson<{ runs: ListedRun[]; cut: number }>();
    // Three units of the upgrade, three of the plan, and the two fleet runs.
    expect(runs).toHaveLength(8);
    expect(cut).toBe(0);
    const recorded = runs.map((listed) => listed.recordedAt);
    expect(recorded).toEqual(recorded.toSorted().reverse());
    const fleets = runs.filter((listed) => listed.kind === 'fleet');
    expect(fleets.map((listed) => [listed.run.fleetRunId, listed.run.dryRun])).toEqual([
      [`upgrade-${upgradeStamp}`, false],
      [`plan-${planStamp}`, true],
    ]);

    const text = await history('--limit', '3');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^RECORDED\s+KIND\s+RUN\s+INSTANCE\s+TRIGGER\s+OUTCOME\s+MODELS/);
    expect(text.stdout.trim().split('\n')).toHaveLength(1 + 3 + 2);
    expect(text.stdout).toContain('5 older run(s) not shown: --limit N for more, --since to narrow.');
    const all = await history('--limit', '20');
    expect(all.stdout).toMatch(
      new RegExp(`fleet\\s+plan-${planStamp}\\s+local\\s+manual:cli-${planStamp}\\s+succeeded \\(dry run\\)`),
    );

    const since = await historyJson<{ runs: ListedRun[] }>('--since', '2999-01-01');
    expect(since.runs).toEqual([]);
    expect((await historyJson<{ runs: ListedRun[] }>('--since', '1h')).runs).toHaveLength(8);
    const bad = await history('--since', 'yesterday');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since: must be a date, a timestamp or a span such as 12h or 7d');
  });

  it('resolves a fleet run name to its units and their attempts', async () => {
    const answer = await historyJson<{
      fleetRun: { fleetRunId: string };
      units: unknown[];
      attempts: unknown[];
    }>('--run', `upgrade-${upgradeStamp}`);
    expect(answer.fleetRun.fleetRunId).toBe(`upgrade-${upgradeStamp}`);
    expect(answer.units).toHaveLength(3);
    expect(answer.attempts).toHaveLength(3);
    const text = await history('--run', `plan-${planStamp}`);
    expect(text.stdout).toMatch(
      new RegExp(`^Fleet run plan-${planStamp} \\(dry run\\) \\(manual cli-${planStamp}\\)`),
    );
    expect(text.stdout).toMatch(/^UNIT RUN\s+OUTCOME/m);
    const cut = await history('--run', `upgrade-${upgradeStamp}`, '--limit', '1');
    expect(cut.stdout).toContain('2 more unit(s) not shown');
  });

  it('resolves a unit run id to its attempts', async () => {
    const unitRunId = report.units[0]?.runId ?? '';
    const answer = await historyJson<{ run: { runId: string }; attempts: { runId: string }[] }>(
      '--run',
      unitRunId,
    );
    expect(answer.run.runId).toBe(unitRunId);
    expect(answer.attempts.map((a) => a.runId)).toEqual([unitRunId]);
  });

  it('resolves a trigger id, bare or with its type, to the runs it started', async () => {
    for (const trigger of [`cli-${upgradeStamp}`, `manual:cli-${upgradeStamp}`]) {
      const answer = await historyJson<{ trigger: string; runs: ListedRun[] }>('--run', trigger);
      expect(answer.trigger).toBe(trigger);
      expect(answer.runs.filter((listed) => listed.kind === 'fleet')).toHaveLength(1);
      expect(answer.runs.every((listed) => listed.run.trigger?.id === `cli-${upgradeStamp}`)).toBe(true);
    }
  });

  it('says where no local history is, and leaves no store behind there', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'history-none-'));
    const result = await run(historyCommand, ['--data-dir', path.join(empty, 'nothing')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no local history in');
    expect(readdirSync(empty)).toEqual([]);
  });

  it('refuses an id it does not know with exit 3', async () => {
    const unknown = await history('--run', 'release-0000000000000000');
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain(
      "no fleet run, unit run or trigger 'release-0000000000000000' in the history",
    );
  });

  it('takes a model by name or id, and refuses a name two models share, naming both', async () => {
    const byName = await historyJson<{ model: { customizationId: string }; attempts: unknown[] }>(
      '--model',
      'support-calls',
    );
    expect(byName.model.customizationId).toBe(ids.support);
    // The dry run and the upgrade.
    expect(byName.attempts).toHaveLength(2);
    const byId = await historyJson<{ model: { modelName: string } }>(
      '--model',
      ids.support,
      '--instance',
      'local',
    );
    expect(byId.model.modelName).toBe('support-calls');

    const twin = await history('--model', 'twin');
    expect(twin.code).toBe(3);
    expect(twin.stderr).toContain("'twin' names 2 models; pick one:");
    expect(twin.stderr).toContain(`--instance local --model ${ids.twinA}`);
    expect(twin.stderr).toContain(`--instance local --model ${ids.twinB}`);
    const missing = await history('--model', 'nobody');
    expect(missing.code).toBe(3);
  });
});
