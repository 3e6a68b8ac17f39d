import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dryRunCommand } from '#cli/dry-run.js';
import type { FleetPlanReport } from '#cli/report/plan-report-data.js';
import type { RunReport } from '#cli/report/run-report-data.js';
import { upgradeCommand } from '#cli/upgrade.js';
import { ScaledClock } from '#local/scaled-clock.js';
import { type RunningSimulator, startSimulator } from '#simulator/index.js';
import { type AwsStandIn, startAwsStandIn } from '#test/triggers/stand-ins.js';

const base = 'en-US_BroadbandModel';
const ids = {
  support: '0c000000-0000-4000-8000-000000000001',
  claims: '0c000000-0000-4000-8000-000000000002',
  claimsAudio: '0c000000-0000-4000-8000-000000000003',
  ivr: '0c000000-0000-4000-8000-000000000004',
};
const fixedNow = () => new Date('2026-11-25T08:00:00.000Z');
const stamp = '2026-11-25T08-00-00-000Z';

/** Runs a command in-process and collects what it writes. */
async function run(
  command: typeof dryRunCommand,
  args: string[],
  deps: Parameters<typeof dryRunCommand>[2] = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await command(
    args,
    {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
    },
    deps,
  );
  return { code, stdout, stderr };
}

describe('plan and upgrade on this machine against an instance', () => {
  // Simulated seconds per wall-clock second, shared by the simulator and the state machines' waits.
  const clock = new ScaledClock(20_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'plan-upgrade-'));
  let simulator: RunningSimulator;
  let connection: string[];

  const upgradeRequests = () =>
    simulator
      .requestLog()
      .filter((entry) => entry.operation.startsWith('upgrade_'))
      .map((entry) => entry.customizationId);

  beforeAll(async () => {
    simulator = await startSimulator({ clock: { now: () => clock.nowMs() }, seed: 5 });
    simulator.seedFleet({ baseModels: [{ name: base, versions: ['v2020-01-16', 'v2026-11-24'] }] });
    const old = { baseModelName: base, version: 'v2020-01-16', status: 'available' as const, words: 20 };
    simulator.seedFleet({
      languageModels: [
        { customizationId: ids.support, name: 'support-calls', ...old },
        { customizationId: ids.claims, name: 'claims-vocabulary', ...old },
        {
          customizationId: ids.ivr,
          name: 'branch-ivr',
          baseModelName: 'en-US_NarrowbandModel',
          status: 'available',
          words: 20,
        },
      ],
      acousticModels: [
        {
          customizationId: ids.claimsAudio,
          name: 'claims-headsets',
          baseModelName: base,
          version: 'v2020-01-16',
          status: 'available',
          audioMinutes: 2,
          trainedWithLanguageModel: ids.claims,
        },
      ],
    });
    simulator.clearRequestLog();
    connection = [
      '--service-url',
      simulator.url,
      '--auth',
      'none',
      '--data-dir',
      dataDir,
      '--instance-id',
      'contact-center',
      '--pairing',
      `${ids.claimsAudio}=${ids.claims}`,
      '--release-date',
      `${base}=2026-11-24`,
    ];
  });
  afterAll(async () => {
    await simulator.stop();
  });

  it('plan prints the units behind the release and why, and upgrades nothing', async () => {
    const result = await run(dryRunCommand, [...connection, '--json'], { clock, now: fixedNow });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as FleetPlanReport;
    expect(plan).toMatchObject({
      fleetRunId: `plan-${stamp}`,
      trigger: `manual cli-${stamp}`,
      instanceId: 'contact-center',
      dryRun: true,
    });
    expect(plan.units.map((unit) => unit.models.map((m) => m.customizationId))).toEqual([
      [ids.support],
      [ids.claims, ids.claimsAudio],
    ]);
    const models = plan.units.flatMap((unit) => unit.models);
    expect(models.every((m) => m.standing === 'behind' && m.decision === 'dry run: would upgrade')).toBe(
      true,
    );
    expect(models[0]?.why).toBe('v2020-01-16 predates the release of 2026-11-24');
    expect(plan.notPlanned.map((m) => m.customizationId)).toEqual([ids.ivr]);
    expect(upgradeRequests()).toEqual([]);

    const table = await run(dryRunCommand, connection, { clock });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^UNIT\s+KIND\s+MODEL\s+BASE MODEL\s+VERSION\s+TARGET\s+DECISION\s+WHY/);
    expect(table.stdout).toMatch(/2\s+acoustic\s+claims-headsets\s+en-US_BroadbandModel\s+v2020-01-16/);
    expect(table.stdout).toMatch(/-\s+language\s+branch-ivr\s+.*not planned/);
    expect(table.stdout).toContain('2 units, 3 models behind, 1 not planned. Dry run: nothing was upgraded.');
    expect(upgradeRequests()).toEqual([]);
  });

  it('plan says that an acoustic model without a pairing skips its step with the language model', async () => {
    const unpaired = connection.filter((arg, i) => arg !== '--pairing' && connection[i - 1] !== '--pairing');
    const table = await run(dryRunCommand, unpaired, { clock });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(
      "1 acoustic model(s) without a pairing (claims-headsets): each is upgraded alone and skips IBM's step with its custom language model",
    );
    const paired = await run(dryRunCommand, connection, { clock });
    expect(paired.stdout).not.toContain('without a pairing');
    expect(upgradeRequests()).toEqual([]);
  });

  it('upgrade without --yes refuses and upgrades nothing', async () => {
    const result = await run(upgradeCommand, connection, { clock });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('add --yes');
    expect(result.stderr).toContain('plan');
    expect(upgradeRequests()).toEqual([]);
  });

  it('upgrade --yes upgrades the models behind and prints their outcomes', async () => {
    const result = await run(upgradeCommand, [...connection, '--yes'], { clock });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(new Set(upgradeRequests())).toEqual(new Set([ids.support, ids.claims, ids.claimsAudio]));
    expect(upgradeRequests()).not.toContain(ids.ivr);
    expect(result.stdout).toMatch(/language\s+support-calls\s+upgraded\s+v2020-01-16 -> v2026-11-24/);
    expect(result.stdout).toMatch(/acoustic\s+claims-headsets\s+upgraded/);
    expect(result.stdout).toMatch(/language\s+branch-ivr\s+not planned/);
    expect(result.stdout).toContain('4 models: 3 upgraded, 0 skipped, 0 failed, 1 not planned');
    expect(simulator.model(ids.support)?.versions).toContain(`${base}.v2026-11-24`);

    const again = await run(dryRunCommand, [...connection, '--json'], { clock });
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as FleetPlanReport).units).toEqual([]);
  });

  it('upgrade --json reports every model as npm start does', async () => {
    const result = await run(upgradeCommand, [...connection, '--yes', '--json'], { clock });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as RunReport;
    expect(report.fleet?.status).toBe('NothingToUpgrade');
    expect(report.notPlanned.map((m) => m.customizationId).sort()).toEqual(
      [ids.support, ids.claims, ids.ivr, ids.claimsAudio].sort(),
    );
  });
});

describe('plan and upgrade refuse bad flags', () => {
  const cases: [string, string[], string][] = [
    ['a release date that is not a date', ['--release-date', `${base}=soon`], '--release-date'],
    ['a malformed target', ['--target', 'v2026-11-24'], '--target'],
    ['a service URL that is not a URL', ['--service-url', 'not a url'], '--service-url'],
    ['no service URL', [], '--service-url'],
    ['a model id that is not a UUID', ['--model', 'abc'], '--model'],
    ['an unknown flag', ['--bogus'], '--bogus'],
    ['--aws without a state machine', ['--aws'], '--fleet-state-machine-arn'],
    ['a bad ARN', ['--aws', '--fleet-state-machine-arn', 'Fleet'], '--fleet-state-machine-arn'],
    ['a missing credential', ['--service-url', 'http://127.0.0.1:9', '--auth', 'iam'], '--apikey'],
  ];
  for (const [what, args, flag] of cases) {
    it(`plan: ${what}`, async () => {
      const result = await run(dryRunCommand, args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(flag);
      expect(result.stderr).toContain('usage: stt-upgrader plan');
    });
  }

  it('plan takes no --yes', async () => {
    const result = await run(dryRunCommand, ['--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--yes');
  });
});

describe('--aws starts the deployed state machines', () => {
  const fleetArn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:SttFleet';
  const unitArn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:SttUnit';
  let aws: AwsStandIn;
  beforeAll(async () => {
    aws = await startAwsStandIn();
  });
  afterAll(async () => {
    await aws.stop();
  });

  it('plan --aws starts the fleet as a dry run and prints the execution and its console link', async () => {
    const result = await run(
      dryRunCommand,
      [
        '--aws',
        '--fleet-state-machine-arn',
        fleetArn,
        '--endpoint',
        aws.endpoint,
        '--instance-id',
        'prod',
        '--base-model',
        base,
        '--release-date',
        `${base}=2026-11-24`,
        '--target',
        `${base}=v2026-11-24`,
      ],
      { now: fixedNow },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const executionArn = `arn:aws:states:eu-west-1:123456789012:execution:SttFleet:manual-${stamp}`;
    expect(aws.startedExecutions().at(-1)).toEqual({
      stateMachineArn: fleetArn,
      name: `manual-${stamp}`,
      input: {
        trigger: { type: 'manual', id: `cli-${stamp}` },
        instanceIds: ['prod'],
        baseModels: [base],
        releaseDates: { [base]: '2026-11-24' },
        targetVersions: { [base]: 'v2026-11-24' },
        options: { dryRun: true },
      },
    });
    expect(result.stdout).toBe(
      `Started ${executionArn}\n` +
        `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${executionArn}\n`,
    );
  });

  it('upgrade --aws --yes starts the fleet for real, named by --name, in the --region given', async () => {
    const result = await run(upgradeCommand, [
      '--aws',
      '--yes',
      '--fleet-state-machine-arn',
      fleetArn,
      '--endpoint',
      aws.endpoint,
      '--region',
      'us-east-2',
      '--name',
      'release-catch-up',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const started = aws.startedExecutions().at(-1);
    expect(started?.name).toBe('release-catch-up');
    expect(started?.input).toMatchObject({ options: { dryRun: false }, trigger: { type: 'manual' } });
    expect(started?.input).not.toHaveProperty('instanceIds');
    const printed = JSON.parse(result.stdout) as { executionArn: string; consoleUrl: string };
    expect(printed.executionArn).toMatch(/:execution:SttFleet:release-catch-up$/);
    expect(printed.consoleUrl).toMatch(
      /^https:\/\/us-east-2\.console\.aws\.amazon\.com\/states\/home\?region=us-east-2#/,
    );
  });

  it('upgrade --aws without --yes starts nothing', async () => {
    const before = aws.requests.length;
    const result = await run(upgradeCommand, [
      '--aws',
      '--fleet-state-machine-arn',
      fleetArn,
      '--endpoint',
      aws.endpoint,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--yes');
    expect(aws.requests.length).toBe(before);
  });

  it('upgrade --aws --unit-state-machine-arn starts one unit; the same name again is refused clearly', async () => {
    const args = [
      '--aws',
      '--yes',
      '--unit-state-machine-arn',
      unitArn,
      '--endpoint',
      aws.endpoint,
      '--instance-id',
      'prod',
      '--language-model',
      ids.claims,
      '--acoustic-model',
      `${ids.claimsAudio}:paired`,
      '--acoustic-model',
      ids.ivr,
    ];
    // The stand-in, like AWS per state machine, refuses a name used before: this one is new.
    const now = () => new Date('2026-11-25T09:00:00.000Z');
    const unitStamp = '2026-11-25T09-00-00-000Z';
    const first = await run(upgradeCommand, args, { now });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const started = aws.startedExecutions().at(-1);
    expect(started).toMatchObject({
      stateMachineArn: unitArn,
      name: `manual-${unitStamp}`,
      input: {
        instanceId: 'prod',
        languageModelId: ids.claims,
        acousticModels: [
          { customizationId: ids.claimsAudio, trainedWithLanguageModel: true },
          { customizationId: ids.ivr, trainedWithLanguageModel: false },
        ],
        trigger: { type: 'manual', id: `cli-${unitStamp}` },
        options: { dryRun: false },
      },
    });
    expect(first.stdout).toContain(`:execution:SttUnit:manual-${unitStamp}`);

    const second = await run(upgradeCommand, args, { now });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`an execution named manual-${unitStamp} already exists`);
    expect(second.stdout).toBe('');
  });

  it('upgrade --aws of a unit checks the unit input before sending it', async () => {
    const before = aws.requests.length;
    const result = await run(upgradeCommand, [
      '--aws',
      '--yes',
      '--unit-state-machine-arn',
      unitArn,
      '--endpoint',
      aws.endpoint,
      '--instance-id',
      'prod',
      '--acoustic-model',
      `${ids.claimsAudio}:paired`,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--acoustic-model');
    expect(aws.requests.length).toBe(before);
  });
});
