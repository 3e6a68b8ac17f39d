import { describe, expect, it } from 'vitest';
import { closeUnit, FLEET_FAILURE_CAUSE_MAX_CHARS } from '#core/unit/unit-closing.js';
import { UpgradeMetric } from '#core/unit/upgrade-metrics.js';
import { unscoredRecord } from '#core/verification/verification-outcome.js';
import type { VerificationRecord } from '#core/verification/verification-record.js';
import {
  acousticModelId,
  languageModelId,
  languageRef,
  modelTask,
  startedAt,
} from './steps/unit-step-fixtures.js';

const endedAt = '2026-12-01T11:00:00.000Z';
const { run } = modelTask(languageRef());
const fleetRun = { ...run, fleet: { runId: 'fleet-1', page: 1, item: 3 } };

const attempt = (customizationId: string, outcome: 'upgraded' | 'skipped' | 'failed', extra = {}) => ({
  customizationId,
  outcome,
  steps: outcome === 'skipped' ? [] : ['upgrade'],
  polls: 2,
  ...extra,
});

const verification = (outcome: VerificationRecord['outcome']): VerificationRecord => ({
  ...unscoredRecord(
    {
      runId: run.runId,
      instanceId: run.instanceId,
      customizationId: languageModelId,
      kind: 'language',
      modelName: 'claims-vocabulary',
      baseModelName: 'en-US_BroadbandModel',
      testSet: 'claims',
      maxWerIncrease: 0.01,
    },
    'invalid',
    'x',
    new Date(startedAt),
  ),
  outcome,
});

const input = (overrides: Partial<Parameters<typeof closeUnit>[0]> = {}) =>
  closeUnit({
    run,
    storedOutcome: 'running',
    attempts: [attempt(languageModelId, 'upgraded'), attempt(acousticModelId, 'skipped')],
    verifications: [],
    endedAt,
    ...overrides,
  });

describe('closeUnit', () => {
  it.each([
    { stored: 'running', verifications: ['regressed', 'passed', 'regressed'], told: 2 },
    { stored: 'running', verifications: ['passed', 'invalid'], told: 0 },
    // A retry after the run was closed tells no one twice.
    { stored: 'succeeded', verifications: ['regressed'], told: 0 },
    { stored: undefined, verifications: ['regressed'], told: 0 },
  ] as const)(
    'run $stored with $verifications tells $told regression(s)',
    ({ stored, verifications, told }) => {
      const closing = input({ storedOutcome: stored, verifications: verifications.map(verification) });
      expect(closing.notices).toHaveLength(told);
      for (const notice of closing.notices) expect(notice.subject).toContain('claims-vocabulary');
    },
  );

  it('ends the run with the first failure and releases every model it attempted', () => {
    const closing = input({
      attempts: [
        attempt(languageModelId, 'failed', { error: 'UpgradeFailed', reason: 'IBM failed it' }),
        attempt(acousticModelId, 'skipped'),
      ],
    });
    expect(closing.runEnd).toEqual({
      outcome: 'failed',
      endedAt,
      error: 'UpgradeFailed',
      cause: 'IBM failed it',
    });
    expect(closing.releaseClaimsOf).toEqual([languageModelId, acousticModelId]);
    expect(closing.output).toMatchObject({ outcome: 'failed', failed: 1, skipped: 1 });
  });

  it('a succeeded run records no error and no cause', () => {
    expect(input().runEnd).toEqual({ outcome: 'succeeded', endedAt });
  });

  it('counts metrics from the attempts and the verifications', () => {
    const names = input({ verifications: [verification('regressed')] }).metrics.map((point) => point.name);
    expect(names).toContain(UpgradeMetric.succeeded);
    expect(names).toContain(UpgradeMetric.skipped);
    expect(names).toContain(UpgradeMetric.regressed);
  });

  it('has no fleet outcome outside a fleet', () => {
    expect(input().fleetOutcome).toBeNull();
  });

  it("gives a fleet unit's outcome with each failure's cause capped", () => {
    const long = 'x'.repeat(FLEET_FAILURE_CAUSE_MAX_CHARS + 100);
    const closing = input({
      run: { ...fleetRun, notStarted: 'the fleet stopped' },
      attempts: [attempt(languageModelId, 'failed', { error: 'UpgradeFailed', reason: long })],
    });
    expect(closing.fleetOutcome).toMatchObject({
      fleet: fleetRun.fleet,
      unitRunId: run.runId,
      modelIds: [languageModelId],
      outcome: 'failed',
      notStarted: 'the fleet stopped',
      endedAt,
    });
    expect(closing.fleetOutcome?.failures[0]?.cause).toHaveLength(FLEET_FAILURE_CAUSE_MAX_CHARS);
    // The run's own record keeps the whole cause.
    expect(closing.runEnd.cause).toBe(long);
  });
});
