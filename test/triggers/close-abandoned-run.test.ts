import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NextAction } from '#core/contract/workflow-contract.js';
import type { SttService } from '#core/model/custom-model.js';
import { defaultPollPolicy } from '#core/unit/poll-policy.js';
import { closeAbandonedRun } from '#handlers/close-abandoned-run.js';
import { startUpgrade } from '#handlers/start-upgrade.js';
import {
  type HistoryFixture,
  instanceId,
  languageModelId,
  startHistoryFixture,
  trigger,
} from '#test/adapters/history-store/history-fixture.js';
import { languageRef, modelTask, requestedProgress } from '#test/core/unit/steps/unit-step-fixtures.js';

let fixture: HistoryFixture;
beforeAll(async () => {
  fixture = await startHistoryFixture();
});
afterAll(() => fixture.stop());

const now = new Date('2026-11-24T12:00:00.000Z');
const ARN = 'arn:aws:states:us-east-1:111111111111';
const fleetStateMachineArn = `${ARN}:stateMachine:Fleet`;
/** As EventBridge delivers it: a standalone unit, a fleet's child (labelled Map Run), or the fleet itself. */
const statusChange = (
  name: string,
  status: string,
  machine: 'Unit' | 'Fleet/RunUnits' | 'Fleet' = 'Unit',
) => ({
  source: 'aws.states',
  'detail-type': 'Step Functions Execution Status Change',
  detail: {
    executionArn: `${ARN}:execution:${machine}:${name}`,
    stateMachineArn: `${ARN}:stateMachine:${machine}`,
    name,
    status,
  },
});
/** Each test claims its own target: claims outlive the test that took them. */
const target = (runId: string) => ({
  instanceId,
  customizationId: languageModelId,
  upgradeStep: 'upgrade',
  targetKey: `after-${runId}`,
});

async function runningRunWithClaim(runId: string) {
  await fixture.store.startRun({
    runId,
    instanceId,
    trigger,
    dryRun: false,
    startedAt: '2026-11-24T10:00:00.000Z',
    modelIds: [languageModelId],
  });
  expect((await fixture.store.claim(target(runId), runId, '2026-11-24T10:01:00.000Z')).granted).toBe(true);
}

describe('close-abandoned-run', () => {
  const close = () =>
    closeAbandonedRun({ history: fixture.store, clock: { now: () => now }, fleetStateMachineArn });

  it('closes a run its stopped execution left running, and frees its models for the next run', async () => {
    await runningRunWithClaim('aborted-run');
    expect(await close()(statusChange('aborted-run', 'ABORTED'))).toEqual({
      runId: 'aborted-run',
      closed: true,
    });
    const { run } = await fixture.store.runHistory('aborted-run');
    expect(run).toMatchObject({ outcome: 'failed', error: 'RunAbandoned', endedAt: now.toISOString() });
    expect(run?.cause).toContain('ABORTED');
    expect(await fixture.store.claim(target('aborted-run'), 'next-run', now.toISOString())).toEqual({
      granted: true,
      own: false,
      earlierRequest: null,
    });
  });

  it('closes a fleet’s child unit whose execution ended, matched by its run id whatever its labelled ARN', async () => {
    await runningRunWithClaim('child-unit');
    expect(await close()(statusChange('child-unit', 'FAILED', 'Fleet/RunUnits'))).toEqual({
      runId: 'child-unit',
      closed: true,
    });
    expect((await fixture.store.getRun('child-unit'))?.cause).toContain('FAILED');
    expect((await fixture.store.claim(target('child-unit'), 'next-run', now.toISOString())).granted).toBe(
      true,
    );
  });

  it('closes every unit run a stopped fleet left open, releases their claims and ends the fleet run', async () => {
    const fleetRunId = 'release-stopped';
    for (const [item, runId] of ['open-unit-1', 'open-unit-2', 'ended-unit'].entries()) {
      await fixture.store.fleet.recordUnitRun({
        fleet: { runId: fleetRunId, page: 1, item },
        unitRunId: runId,
        startedAt: '2026-11-24T10:00:00.000Z',
      });
      await runningRunWithClaim(runId);
    }
    await fixture.store.finishRun('ended-unit', { outcome: 'succeeded', endedAt: now.toISOString() });
    const result = await close()(statusChange(fleetRunId, 'ABORTED', 'Fleet'));
    expect(result).toEqual({ fleetRunId, closed: false, unitRunsClosed: ['open-unit-1', 'open-unit-2'] });
    for (const runId of ['open-unit-1', 'open-unit-2']) {
      const run = await fixture.store.getRun(runId);
      expect(run).toMatchObject({ outcome: 'failed', error: 'RunAbandoned' });
      expect(run?.cause).toBe(`its fleet run ${fleetRunId} ended ABORTED before the run recorded its end`);
      expect((await fixture.store.claim(target(runId), 'next-run', now.toISOString())).granted).toBe(true);
    }
    expect((await fixture.store.getRun('ended-unit'))?.outcome).toBe('succeeded');
  });

  it('leaves a run that recorded its own end as it is', async () => {
    await runningRunWithClaim('finished-run');
    await fixture.store.finishRun('finished-run', {
      outcome: 'failed',
      endedAt: now.toISOString(),
      error: 'UpgradeFailed',
    });
    expect(await close()(statusChange('finished-run', 'FAILED'))).toEqual({
      runId: 'finished-run',
      closed: false,
    });
    expect((await fixture.store.runHistory('finished-run')).run?.error).toBe('UpgradeFailed');
  });

  it('refuses an event that is not a Step Functions status change, naming the field', async () => {
    await expect(
      close()({
        source: 'aws.states',
        detail: { name: 'x', stateMachineArn: fleetStateMachineArn, status: 'RUNNING' },
      }),
    ).rejects.toMatchObject({
      name: 'InvalidInput',
      message: expect.stringContaining('detail.status'),
    });
  });

  it('leaves a run it closed noted on each of its models, with the requests the run noted on its claims', async () => {
    await runningRunWithClaim('noted-run');
    const request = { at: '2026-11-24T10:02:00.000Z', updatedBefore: '2026-11-24T09:00:00.000Z' };
    await fixture.store.noteRequest(target('noted-run'), 'noted-run', request);
    await close()(statusChange('noted-run', 'ABORTED'));
    expect(await fixture.store.stopped.get(instanceId, languageModelId, 'noted-run')).toEqual({
      type: 'stopped-run-note',
      instanceId,
      customizationId: languageModelId,
      runId: 'noted-run',
      closedAt: now.toISOString(),
      requests: [{ step: 'upgrade', ...request }],
    });
    expect(await fixture.store.claims(instanceId, languageModelId)).not.toContainEqual(
      expect.objectContaining({ runId: 'noted-run' }),
    );
  });

  it('makes a start task of a run it already closed give its claim back and ask IBM nothing', async () => {
    await runningRunWithClaim('closed-before-claim');
    await close()(statusChange('closed-before-claim', 'ABORTED'));
    const ibmCalls: string[] = [];
    // Every IBM operation is counted and refused: the task must not reach any.
    const stt = new Proxy({} as SttService, {
      // `then` stays undefined, so awaiting the client does not count as a call.
      get: (_, operation) =>
        operation === 'then'
          ? undefined
          : () => {
              ibmCalls.push(String(operation));
              throw new Error(`IBM asked: ${String(operation)}`);
            },
    });
    const start = startUpgrade({
      stt: async () => stt,
      recognizer: () => Promise.reject(new Error('no recognition here')),
      knowsInstance: async () => true,
      instanceSettings: () => Promise.reject(new Error('no settings here')),
      history: fixture.store,
      clock: {
        now: () => now,
        wakeTimeAfter: (s: number) => new Date(now.getTime() + s * 1000).toISOString(),
      },
      pollPolicy: defaultPollPolicy,
    } as Parameters<typeof startUpgrade>[0]);
    const task = {
      ...modelTask({ ...languageRef(), customizationId: languageModelId }),
      run: { runId: 'closed-before-claim', instanceId, trigger, dryRun: false, startedAt: now.toISOString() },
      progress: requestedProgress({ next: NextAction.StartUpgrade }),
      step: 'upgrade',
      force: false,
    };
    await expect(start(task)).rejects.toMatchObject({
      name: 'RunAbandoned',
      message: expect.stringContaining('Run closed-before-claim was closed'),
    });
    expect(await fixture.store.claims(instanceId, languageModelId)).not.toContainEqual(
      expect.objectContaining({ runId: 'closed-before-claim' }),
    );
    expect(ibmCalls).toEqual([]);
  });
});
