import { describe, expect, it } from 'vitest';
import { UpgradeStep } from '#core/contract/workflow-contract.js';
import { claimLeaseSeconds } from '#core/unit/claim-lease.js';
import { afterFailure } from '#core/unit/steps/after-failure.js';
import { claimTargetOf, executionToAsk, mayTakeOverClaim } from '#core/unit/steps/step-claim.js';
import {
  acousticRef,
  clockAt,
  languageRef,
  later,
  modelTask,
  newVersion,
  oldVersion,
  requestedProgress,
  startedAt,
} from './unit-step-fixtures.js';

const deadlines = { busyDeadlineSeconds: 3600, upgradeDeadlineSeconds: 7200 };

describe('claimTargetOf', () => {
  it('keys the first step by the version it starts from', () => {
    const task = {
      ...modelTask(languageRef()),
      progress: requestedProgress(),
      step: UpgradeStep.Upgrade,
      force: false,
    };
    expect(claimTargetOf(task)).toEqual({
      instanceId: 'cloud-1',
      customizationId: task.model.customizationId,
      upgradeStep: 'upgrade',
      targetKey: `from:${oldVersion}`,
    });
  });

  it('keys the with-language-model step by the version the first step reached', () => {
    const progress = requestedProgress({ versionsBefore: [oldVersion], reachedVersion: newVersion });
    const task = {
      ...modelTask(acousticRef(true)),
      progress,
      step: UpgradeStep.UpgradeWithLanguageModel,
      force: false,
    };
    expect(claimTargetOf(task).targetKey).toBe(`on:${newVersion}`);
  });

  it('collides for two runs upgrading the same model from the same version, whatever they target', () => {
    const one = {
      ...modelTask(languageRef()),
      progress: requestedProgress(),
      step: UpgradeStep.Upgrade,
      force: false,
    };
    const other = {
      ...one,
      run: { ...one.run, runId: 'run-2', trigger: { type: 'release' as const, id: 'e1' } },
    };
    expect(claimTargetOf(one)).toEqual(claimTargetOf(other));
  });
});

describe('mayTakeOverClaim', () => {
  const claimedAt = startedAt;
  const leaseSeconds = claimLeaseSeconds(deadlines);

  it.each([
    ['a holder that ended', { outcome: 'succeeded' }, undefined, 60, true],
    ['a holder with no run record', undefined, undefined, 60, true],
    ['a holder still running within its lease', { outcome: 'running' }, undefined, 60, false],
    ['a holder whose execution still runs', { outcome: 'running' }, 'RUNNING', 60, false],
    ['a holder whose execution was stopped', { outcome: 'running' }, 'ABORTED', 60, true],
    ['a holder whose execution timed out', { outcome: 'running' }, 'TIMED_OUT', 60, true],
    ['a holder whose execution awaits a redrive', { outcome: 'running' }, 'PENDING_REDRIVE', 60, false],
    [
      'a holder still recorded running past its lease',
      { outcome: 'running' },
      undefined,
      leaseSeconds + 60,
      true,
    ],
  ] as const)('%s: %s', (_, holder, execution, secondsLater, allowed) => {
    const now = new Date(later(claimedAt, secondsLater));
    expect(mayTakeOverClaim(holder, { claimedAt, execution }, now, deadlines)).toBe(allowed);
  });
});

describe('afterFailure', () => {
  const failure = { Error: 'UpgradeFailed', Cause: 'IBM reports the upgrade failed' };

  it('closes the attempt as failed with the error name and cause, and releases the claims', () => {
    const task = { ...modelTask(languageRef(), requestedProgress()), failure };
    const writes = afterFailure(task, 'claims-vocabulary, upgrade: failed', clockAt(startedAt));
    expect(writes).toEqual([
      {
        kind: 'update-attempt',
        change: {
          outcome: 'failed',
          error: 'UpgradeFailed',
          reason: 'claims-vocabulary, upgrade: failed',
          endedAt: startedAt,
        },
      },
      { kind: 'release-claims' },
    ]);
  });

  it('opens the attempt first when the model failed before its first check ended', () => {
    const task = { ...modelTask(languageRef()), failure };
    const writes = afterFailure(task, 'not found', clockAt(startedAt));
    expect(writes.map((write) => write.kind)).toEqual(['open-attempt', 'update-attempt', 'release-claims']);
  });
});

describe('executionToAsk', () => {
  it.each([
    { holder: { outcome: 'running' }, named: 'arn:exec', asked: 'arn:exec' },
    { holder: { outcome: 'running' }, named: undefined, asked: undefined },
    { holder: { outcome: 'succeeded' }, named: 'arn:exec', asked: undefined },
    { holder: undefined, named: 'arn:exec', asked: undefined },
  ])('holder $holder.outcome, claim naming $named: asks $asked', ({ holder, named, asked }) => {
    expect(executionToAsk(holder, named ? { heldByExecution: named } : {})).toBe(asked);
  });
});
