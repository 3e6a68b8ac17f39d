import { describe, expect, it } from 'vitest';
import { abandonment, endedExecution } from '#core/stopping/execution-end.js';
import { hasEnded } from '#core/stopping/execution-status.js';
import { mayTakeOverClaim } from '#core/unit/steps/step-claim.js';

const now = new Date('2026-12-03T12:00:00.000Z');
const ARN = 'arn:aws:states:us-east-1:111111111111';
const fleet = `${ARN}:stateMachine:Fleet`;
const end = (stateMachineArn: string, name: string) => ({
  executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`,
  stateMachineArn,
  name,
  status: 'ABORTED' as const,
});
const options = { busyDeadlineSeconds: 6 * 3600, upgradeDeadlineSeconds: 7 * 86_400 };

describe('whose end a status change reports', () => {
  it('is a fleet run’s when the state machine is the fleet’s own, and a unit run’s otherwise, a fleet’s child included', () => {
    expect(endedExecution(end(fleet, 'release-x'), fleet)).toEqual({
      kind: 'fleet',
      fleetRunId: 'release-x',
    });
    expect(endedExecution(end(`${fleet}/RunUnits`, 'u-1'), fleet)).toEqual({ kind: 'unit', runId: 'u-1' });
    expect(endedExecution(end(`${ARN}:stateMachine:Unit`, 'u-2'), fleet)).toEqual({
      kind: 'unit',
      runId: 'u-2',
    });
  });

  it('closes only an open run, naming the fleet whose end closed it', () => {
    expect(abandonment({ outcome: 'succeeded' }, { status: 'ABORTED' }, now)).toBeNull();
    expect(abandonment(undefined, { status: 'ABORTED' }, now)).toBeNull();
    expect(
      abandonment({ outcome: 'running' }, { status: 'TIMED_OUT', fleetRunId: 'release-x' }, now),
    ).toEqual({
      outcome: 'failed',
      endedAt: now.toISOString(),
      error: 'RunAbandoned',
      cause: 'its fleet run release-x ended TIMED_OUT before the run recorded its end',
    });
  });
});

describe('taking over a claim', () => {
  const fresh = now.toISOString();
  it('respects the claim of a running run whose execution runs or is not known, until the lease lapses', () => {
    expect(
      mayTakeOverClaim({ outcome: 'running' }, { claimedAt: fresh, execution: 'RUNNING' }, now, options),
    ).toBe(false);
    expect(
      mayTakeOverClaim(
        { outcome: 'running' },
        { claimedAt: fresh, execution: 'PENDING_REDRIVE' },
        now,
        options,
      ),
    ).toBe(false);
    expect(
      mayTakeOverClaim({ outcome: 'running' }, { claimedAt: fresh, execution: undefined }, now, options),
    ).toBe(false);
    const longAgo = new Date(now.getTime() - 30 * 86_400_000).toISOString();
    expect(
      mayTakeOverClaim({ outcome: 'running' }, { claimedAt: longAgo, execution: undefined }, now, options),
    ).toBe(true);
  });

  it('takes it over at once when the execution has ended or is gone, or the run has ended', () => {
    for (const execution of ['ABORTED', 'TIMED_OUT', 'FAILED', 'SUCCEEDED', 'gone'] as const) {
      expect(hasEnded(execution)).toBe(true);
      expect(mayTakeOverClaim({ outcome: 'running' }, { claimedAt: fresh, execution }, now, options)).toBe(
        true,
      );
    }
    expect(
      mayTakeOverClaim({ outcome: 'failed' }, { claimedAt: fresh, execution: 'RUNNING' }, now, options),
    ).toBe(true);
  });
});
