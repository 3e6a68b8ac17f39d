import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '#adapters/history-store/index.js';
import { main } from '#cli/main.js';
import { createTablesFromTemplate, openSharedStore } from '#local/dynamodb/index.js';
import { storeFiles } from '#local/dynamodb/store-files.js';
import { synthesizeHistoryTable, twoUnitFleetPlan } from '#test/adapters/history-store/history-fixture.js';
import { type AwsStandIn, startAwsStandIn } from '#test/triggers/stand-ins.js';

const instanceId = 'contact-center';
const model = (n: number) => `0e000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const target = (customizationId: string) => ({
  instanceId,
  customizationId,
  upgradeStep: 'upgrade',
  targetKey: 'from:en-US_BroadbandModel.v2020-01-16',
});

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

let historyTable: Awaited<ReturnType<typeof synthesizeHistoryTable>>;

/**
 * The local history under `dataDir`, through the store it shares with the commands, as
 * `npm start` would hold it; the test leaves it before a command that must find it free.
 */
async function joinHistory(dataDir: string, command: string) {
  const store = await openSharedStore(dataDir, command);
  const { template, logicalId } = historyTable;
  const tableName = (await createTablesFromTemplate(template, store.endpoint))[logicalId] ?? '';
  return { history: new HistoryStore({ tableName, endpoint: store.endpoint }), leave: () => store.stop() };
}

async function withHistory(dataDir: string, use: (history: HistoryStore) => Promise<void>): Promise<void> {
  const { history, leave } = await joinHistory(dataDir, 'stop test');
  try {
    await use(history);
  } finally {
    await leave();
  }
}

async function runningRunWithClaim(history: HistoryStore, runId: string, customizationId: string) {
  await history.startRun({
    runId,
    instanceId,
    trigger: { type: 'manual', id: 'npm-start' },
    dryRun: false,
    startedAt: '2026-12-03T10:00:00.000Z',
    modelIds: [customizationId],
  });
  expect((await history.claim(target(customizationId), runId, '2026-12-03T10:01:00.000Z')).granted).toBe(
    true,
  );
}

describe('stt-upgrader stop', () => {
  let dataDir: string;
  let aws: AwsStandIn;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'stop-'));
    historyTable = await synthesizeHistoryTable();
    aws = await startAwsStandIn();
  });
  afterAll(async () => {
    await aws.stop();
    // The store's server ends a moment after its last user; the directory goes after it.
    const deadline = Date.now() + 60_000;
    while (existsSync(storeFiles(dataDir).server) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('closes a local unit run, and a local fleet run with the unit runs it left open, releasing their claims, through the store the commands share', async () => {
    await withHistory(dataDir, async (history) => {
      await runningRunWithClaim(history, 'cut-short', model(1));
      await history.fleet.recordPlan(
        {
          fleetRunId: 'release-cut-short',
          trigger: { type: 'release', id: 'cut-short' },
          dryRun: false,
          startedAt: '2026-12-03T10:00:00.000Z',
          plan: twoUnitFleetPlan,
        },
        [],
      );
      for (const [item, n] of [2, 3].entries()) {
        await history.fleet.recordUnitRun({
          fleet: { runId: 'release-cut-short', page: 1, item },
          unitRunId: `fleet-unit-${n}`,
          startedAt: '2026-12-03T10:00:00.000Z',
        });
        await runningRunWithClaim(history, `fleet-unit-${n}`, model(n));
      }
    });

    // While npm start uses the history, its runs may be live: stop refuses and names it.
    const running = await joinHistory(dataDir, 'npm start');
    try {
      const refused = await cli('stop', 'cut-short', '--data-dir', dataDir);
      expect(refused).toMatchObject({ code: 1, stdout: '' });
      expect(refused.stderr).toMatch(/^cannot stop cut-short: in use by npm start \(pid \d+\)\n/);
      expect(await running.history.getRun('cut-short')).toMatchObject({ outcome: 'running' });
    } finally {
      await running.leave();
    }

    expect(await cli('stop', 'cut-short', '--data-dir', dataDir)).toEqual({
      code: 0,
      stdout: 'Stopped unit run cut-short: recorded RunAbandoned, its claims released.\n',
      stderr: '',
    });
    expect(await cli('stop', 'release-cut-short', '--data-dir', dataDir)).toMatchObject({
      code: 0,
      stdout:
        'Stopped fleet run release-cut-short: 2 open unit run(s) recorded RunAbandoned, their claims released.\n',
    });
    const unknown = await cli('stop', 'nobody', '--data-dir', dataDir);
    expect(unknown).toMatchObject({ code: 1, stderr: `No run nobody in the local history (${dataDir}).\n` });

    await withHistory(dataDir, async (history) => {
      for (const runId of ['cut-short', 'fleet-unit-2', 'fleet-unit-3'])
        expect(await history.getRun(runId)).toMatchObject({ outcome: 'failed', error: 'RunAbandoned' });
      expect(await history.fleet.getRun('release-cut-short')).toMatchObject({ outcome: 'failed' });
      for (const n of [1, 2, 3]) expect(await history.claims(instanceId, model(n))).toEqual([]);
    });
  });

  it('stops a deployed execution with StopExecution, by ARN or by name and state machine', async () => {
    const fleetArn = 'arn:aws:states:us-east-1:111111111111:stateMachine:Fleet';
    for (const name of ['release-a', 'release-b']) {
      const started = await cli(
        'upgrade',
        '--yes',
        '--aws',
        '--fleet-state-machine-arn',
        fleetArn,
        '--name',
        name,
        '--endpoint',
        aws.endpoint,
      );
      expect(started.code).toBe(0);
    }
    const byArn = await cli(
      'stop',
      'arn:aws:states:us-east-1:111111111111:execution:Fleet:release-a',
      '--aws',
      '--endpoint',
      aws.endpoint,
    );
    expect(byArn).toMatchObject({ code: 0, stdout: expect.stringContaining('Stopped arn:') });
    const byName = await cli(
      'stop',
      'release-b',
      '--aws',
      '--fleet-state-machine-arn',
      fleetArn,
      '--endpoint',
      aws.endpoint,
    );
    expect(byName.code).toBe(0);
    const stops = aws.requests
      .filter((r) => r.target === 'AWSStepFunctions.StopExecution')
      .map((r) => r.body);
    expect(stops).toEqual([
      {
        executionArn: 'arn:aws:states:us-east-1:111111111111:execution:Fleet:release-a',
        error: 'OperatorStop',
        cause: 'stopped with stt-upgrader stop',
      },
      {
        executionArn: 'arn:aws:states:us-east-1:111111111111:execution:Fleet:release-b',
        error: 'OperatorStop',
        cause: 'stopped with stt-upgrader stop',
      },
    ]);
    const unknown = await cli(
      'stop',
      'release-z',
      '--aws',
      '--fleet-state-machine-arn',
      fleetArn,
      '--endpoint',
      aws.endpoint,
    );
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining('ExecutionDoesNotExist') });
    expect(await cli('stop', 'release-b', '--aws')).toMatchObject({ code: 2 });
    expect(await cli('stop')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('name the run to stop'),
    });
  });
});
