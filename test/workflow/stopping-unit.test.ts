import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunInterruptedError, stoppingOnInterrupt } from '#local/interrupt.js';
import type { AcousticModelSeed } from '#simulator/index.js';
import { type Harness, instanceId, startHarness } from './harness.js';

const base = 'en-US_BroadbandModel';
const release = 'v2026-11-24';
let idCounter = 0;
/** Fresh ids for every test: the history table (and its claims) outlives the simulator's reset. */
const nextId = () => `0d000000-0000-4000-8000-${String(++idCounter).padStart(12, '0')}`;

/** A lone acoustic model whose upgrade takes about five hours (a second here). */
const slowAcousticModel = (customizationId: string): AcousticModelSeed => ({
  customizationId,
  name: `audio-${customizationId.slice(-2)}`,
  baseModelName: base,
  status: 'available',
  audioMinutes: 300,
});
const unit = (customizationId: string) => ({
  instanceId,
  trigger: { type: 'manual', id: 'test' },
  acousticModels: [{ customizationId, trainedWithLanguageModel: false }],
  options: { targetVersions: { [base]: release } },
});
const upgradeCalls = (customizationId: string) =>
  h.callsFor(customizationId).filter((call) => call === 'upgrade_acoustic_model');

/** Resolves once IBM has been asked to upgrade the model: the unit is then mid-run. */
async function upgradeRequested(customizationId: string): Promise<void> {
  while (upgradeCalls(customizationId).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

describe('stopping a unit', () => {
  it('closes a stopped standalone unit RunAbandoned and releases its claims, so the next run is not held up', async () => {
    const model = nextId();
    h.seed({ acousticModels: [slowAcousticModel(model)] });
    h.simulator.releaseBaseModelVersion(base, release);
    const running = h.upgrader.runUnit(unit(model), { name: 'stopped-unit' });
    await upgradeRequested(model);
    const stopped = await h.upgrader.stopExecution('stopped-unit');
    expect(stopped.status).toBe('ABORTED');
    expect(await running).toBe(stopped);
    expect(await h.upgrader.history.getRun('stopped-unit')).toMatchObject({
      outcome: 'failed',
      error: 'RunAbandoned',
      cause: 'the execution ended ABORTED before the run recorded its end',
    });
    expect(await h.upgrader.history.claims(instanceId, model)).toEqual([]);

    // The next run waits for IBM to finish the upgrade it accepted, and never asks for it again.
    const next = await h.upgrader.runUnit(unit(model), { name: 'after-stopped-unit' });
    expect(next.status).toBe('SUCCEEDED');
    expect(upgradeCalls(model)).toHaveLength(1);
    expect(h.simulator.model(model)?.versions).toContain(`${base}.${release}`);
    // The upgrade IBM accepted from the stopped run is recorded as its own, once IBM finished it.
    const attempts = await h.upgrader.history.modelHistory(instanceId, model);
    expect(attempts.find((a) => a.runId === 'stopped-unit')).toMatchObject({
      outcome: 'upgraded',
      versionAfter: `${base}.${release}`,
      reason: 'IBM finished the upgrade after its run had stopped',
    });
  });

  it('takes over at once a claim whose execution has ended though its run is still recorded running, and respects one whose execution runs', async () => {
    const [held, free, other] = [nextId(), nextId(), nextId()];
    h.seed({ acousticModels: [held, free, other].map(slowAcousticModel) });
    h.simulator.releaseBaseModelVersion(base, release);
    const claimBy = async (runId: string, executionArn: string, customizationId: string) => {
      await h.upgrader.history.startRun({
        runId,
        executionArn,
        instanceId,
        trigger: { type: 'manual', id: 'test' },
        dryRun: false,
        startedAt: h.clock.now().toISOString(),
        modelIds: [customizationId],
      });
      const target = {
        instanceId,
        customizationId,
        upgradeStep: 'upgrade',
        targetKey: `from:${base}.v2020-01-16`,
      };
      const claim = await h.upgrader.history.claim(target, runId, h.clock.now().toISOString(), executionArn);
      expect(claim.granted).toBe(true);
    };

    // An execution that is still upgrading another model holds the claim on `held`: it is respected.
    const busy = h.upgrader.runUnit(unit(other), { name: 'busy-unit' });
    await upgradeRequested(other);
    const busyArn = (await h.upgrader.history.getRun('busy-unit'))?.executionArn ?? '';
    expect(busyArn).toMatch(/:execution:UnitWorkflowStateMachine[^:]*:busy-unit$/);
    await claimBy('held-by-running', busyArn, held);
    const respected = await h.upgrader.runUnit(unit(held), { name: 'meets-running-holder' });
    expect((await h.upgrader.history.runHistory(respected.name)).attempts[0]?.reason).toBe(
      'already handled by another run (held-by-running)',
    );
    await h.upgrader.stopExecution('busy-unit');
    await busy;

    // A run whose execution has ended (its closer has not run, or its event was lost): taken over at once.
    await claimBy('died-unclosed', `${busyArn.replace(/:[^:]+$/, '')}:died-unclosed`, free);
    const takenOver = await h.upgrader.runUnit(unit(free), { name: 'meets-ended-holder' });
    expect((await h.upgrader.history.runHistory(takenOver.name)).attempts[0]).toMatchObject({
      outcome: 'upgraded',
    });
    expect(upgradeCalls(free)).toHaveLength(1);
  });

  it('stops on Ctrl+C: the running executions end ABORTED, their runs are closed with claims released, and the work says it was interrupted', async () => {
    const model = nextId();
    h.seed({ acousticModels: [slowAcousticModel(model)] });
    h.simulator.releaseBaseModelVersion(base, release);
    const terminal = new EventEmitter();
    const work = stoppingOnInterrupt(
      h.upgrader,
      () => h.upgrader.runUnit(unit(model), { name: 'interrupted-unit' }),
      terminal,
    );
    await upgradeRequested(model);
    terminal.emit('SIGINT');
    await expect(work).rejects.toBeInstanceOf(RunInterruptedError);
    expect(terminal.listenerCount('SIGINT')).toBe(0);
    expect(await h.upgrader.history.getRun('interrupted-unit')).toMatchObject({
      outcome: 'failed',
      error: 'RunAbandoned',
    });
    expect(await h.upgrader.history.claims(instanceId, model)).toEqual([]);
  });
});
