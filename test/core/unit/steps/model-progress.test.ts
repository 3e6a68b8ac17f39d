import { describe, expect, it } from 'vitest';
import { NextAction } from '#core/contract/workflow-contract.js';
import type { CustomModel } from '#core/model/custom-model.js';
import { attemptStartOf } from '#core/unit/steps/after-check.js';
import { progressAfterCheck, secondsBetween } from '#core/unit/steps/model-progress.js';
import type { ModelTask } from '#core/unit/unit-state.js';

const model: CustomModel = {
  kind: 'language',
  customizationId: '0a000000-0000-4000-8000-000000000001',
  name: 'claims',
  baseModelName: 'en-US_BroadbandModel',
  versions: ['en-US_BroadbandModel.v2020-01-16'],
  status: 'available',
  updated: '2026-11-01T00:00:00.000Z',
  created: undefined,
  language: 'en-US',
  error: undefined,
};

describe('a model’s progress through its unit', () => {
  it('starts the attempt at the first check, and later checks carry that instant on', () => {
    const now = new Date('2026-11-24T10:05:00.000Z');
    expect(attemptStartOf({ progress: undefined } as unknown as ModelTask, now)).toBe(now.toISOString());
    const checked = { progress: { attemptStartedAt: '2026-11-24T10:00:00.000Z' } } as unknown as ModelTask;
    expect(attemptStartOf(checked, now)).toBe('2026-11-24T10:00:00.000Z');
  });

  it('after its check, has requested nothing and remembers the model as it was', () => {
    const progress = progressAfterCheck(model, '2026-11-24T10:00:00.000Z');
    expect(progress).toMatchObject({
      next: NextAction.StartUpgrade,
      attemptStartedAt: '2026-11-24T10:00:00.000Z',
      step: null,
      requestedAt: null,
      statusBefore: 'available',
      versionsBefore: model.versions,
      updatedBefore: '2026-11-01T00:00:00.000Z',
      polls: 0,
    });
    expect(progress.versionsBefore).not.toBe(model.versions);
  });

  it.each([
    ['2026-11-24T10:00:00.000Z', '2026-11-24T10:01:30.000Z', 90],
    ['2026-11-24T10:00:00.000Z', '2026-11-24T10:00:00.250Z', 0.25],
  ])('counts the seconds from %s to %s: %s', (from, to, seconds) => {
    expect(secondsBetween(from, new Date(to))).toBe(seconds);
  });
});
