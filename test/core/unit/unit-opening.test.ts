import { describe, expect, it } from 'vitest';
import { ErrorName } from '#core/contract/errors.js';
import type { FleetRun } from '#core/fleet/fleet-records.js';
import { defaultPollPolicy } from '#core/unit/poll-policy.js';
import { upgradeUnitInputSchema } from '#core/unit/unit-input.js';
import { unitInputVerdict, unitStart } from '#core/unit/unit-opening.js';
import { acousticModelId, languageModelId, startedAt } from './steps/unit-step-fixtures.js';

const execution = {
  runId: 'run-1',
  startedAt,
  executionArn: 'arn:aws:states:us-east-1:1:execution:Unit:run-1',
};
const good = {
  instanceId: 'cloud-1',
  languageModelId,
  acousticModels: [{ customizationId: acousticModelId, trainedWithLanguageModel: true }],
};

describe('unitInputVerdict', () => {
  it('accepts a valid input of a configured instance', () => {
    const verdict = unitInputVerdict(good, true, execution);
    expect('accepted' in verdict && verdict.accepted.instanceId).toBe('cloud-1');
  });

  it.each([
    {
      name: 'an instance nobody configured',
      input: good,
      known: false,
      instanceId: 'cloud-1',
      cause: "Upgrade unit input is invalid: instanceId: no STT instance 'cloud-1' is configured",
    },
    {
      name: 'a bad field, named',
      input: { ...good, languageModelId: 'not-an-id' },
      known: true,
      instanceId: 'cloud-1',
      cause: 'languageModelId',
    },
    {
      name: 'no instance at all',
      input: { languageModelId },
      known: false,
      instanceId: 'unknown',
      cause: 'instanceId',
    },
  ])('rejects $name, with a record of why', ({ input, known, instanceId, cause }) => {
    const verdict = unitInputVerdict(input, known, execution);
    if (!('rejected' in verdict)) throw new Error('expected a rejection');
    expect(verdict.rejected.name).toBe(ErrorName.InvalidInput);
    expect(verdict.record).toMatchObject({
      runId: 'run-1',
      instanceId,
      rejectedAt: startedAt,
      error: 'InvalidInput',
    });
    expect(verdict.record.cause).toContain(cause);
  });
});

describe('unitStart', () => {
  const fleet = { runId: 'fleet-1', page: 1, item: 0 };
  const input = (extra = {}) => upgradeUnitInputSchema.parse({ ...good, ...extra });
  const fleetRun = (regressedUnits: number, maxRegressedUnits: number | null) =>
    ({ plan: { maxRegressedUnits }, regressedUnits }) as unknown as Pick<FleetRun, 'plan' | 'regressedUnits'>;

  it('starts a lone unit with every model, and no fleet record', () => {
    const start = unitStart(input(), execution, undefined, defaultPollPolicy);
    expect(start.fleetUnitRun).toBeNull();
    expect(start.run).toMatchObject({
      runId: 'run-1',
      instanceId: 'cloud-1',
      startedAt,
      modelIds: [languageModelId, acousticModelId],
    });
    expect(start.run.executionArn).toBe(execution.executionArn);
  });

  it.each([
    { regressed: 0, gate: 2, models: 2, stopped: false },
    { regressed: 2, gate: 2, models: 0, stopped: true },
    { regressed: 5, gate: null, models: 2, stopped: false },
  ])(
    'a fleet unit with $regressed regressed of gate $gate runs $models models',
    ({ regressed, gate, models, stopped }) => {
      const start = unitStart(input({ fleet }), execution, fleetRun(regressed, gate), defaultPollPolicy);
      expect(start.fleetUnitRun).toEqual({ fleet, unitRunId: 'run-1', startedAt });
      expect(start.run.modelIds).toHaveLength(models);
      expect(start.plan.run.notStarted !== undefined).toBe(stopped);
    },
  );
});
