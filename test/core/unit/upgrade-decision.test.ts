import { describe, expect, it } from 'vitest';
import type { CustomModel } from '#core/model/custom-model.js';
import { claimHasLapsed, claimLeaseSeconds } from '#core/unit/claim-lease.js';
import { summarizeUnit } from '#core/unit/unit-summary.js';
import {
  decideOnCheck,
  judgePoll,
  skipOf,
  skipReasonForRefusal,
  skipReasonSchema,
  skipReasonText,
} from '#core/unit/upgrade-decision.js';

const model = (overrides: Partial<CustomModel> = {}): CustomModel => ({
  kind: 'language',
  customizationId: '74f4807e-b5ff-4866-824e-6bba1a84fe96',
  name: 'calls',
  baseModelName: 'en-US_BroadbandModel',
  versions: ['en-US_BroadbandModel.v2020-01-16'],
  status: 'available',
  updated: '2026-01-01T00:00:00.000Z',
  created: undefined,
  language: 'en-US',
  error: undefined,
  ...overrides,
});
const check = (overrides: Partial<Parameters<typeof decideOnCheck>[0]> = {}) =>
  decideOnCheck({
    model: model(),
    audio: undefined,
    onTargetVersion: false,
    owesLanguageModelStep: false,
    dryRun: false,
    busyForSeconds: 0,
    busyDeadlineSeconds: 3600,
    ...overrides,
  });

describe('decideOnCheck', () => {
  it('upgrades a ready or available model with data', () => {
    expect(check()).toEqual({ action: 'upgrade' });
    expect(check({ model: model({ status: 'ready' }) })).toEqual({ action: 'upgrade' });
  });
  it('waits for a training or upgrading model until the busy deadline, then gives up', () => {
    expect(check({ model: model({ status: 'training' }), busyForSeconds: 3599 })).toEqual({ action: 'wait' });
    expect(check({ model: model({ status: 'upgrading' }), busyForSeconds: 3600 })).toMatchObject({
      action: 'give-up',
      error: 'ModelBusyTimeout',
    });
  });
  it('does not wait for a busy model in a dry run', () => {
    expect(check({ model: model({ status: 'training' }), dryRun: true })).toEqual({
      action: 'skip',
      reason: 'dry-run',
    });
  });
  it('skips models with no data, failed models, models on the target version, and dry runs', () => {
    expect(check({ model: model({ status: 'pending' }) })).toEqual({ action: 'skip', reason: 'no-data' });
    expect(check({ audio: { totalMinutesOfAudio: 0, resourceCount: 2 } })).toEqual({
      action: 'skip',
      reason: 'no-data',
    });
    expect(check({ model: model({ status: 'failed' }) })).toEqual({ action: 'skip', reason: 'model-failed' });
    expect(check({ onTargetVersion: true })).toEqual({ action: 'skip', reason: 'already-up-to-date' });
    expect(check({ dryRun: true })).toEqual({ action: 'skip', reason: 'dry-run' });
  });
});

describe('judgePoll', () => {
  const before = ['en-US_BroadbandModel.v2020-01-16'];
  it('sees the first step done when a new version appears, even if the model was never seen upgrading', () => {
    expect(
      judgePoll({
        model: model({ versions: [...before, 'en-US_BroadbandModel.v2026-11-24'] }),
        step: 'upgrade',
        versionsBefore: before,
        updatedBefore: null,
      }),
    ).toEqual({ state: 'done', versionAfter: 'en-US_BroadbandModel.v2026-11-24', changed: true });
  });
  it('keeps polling while upgrading, and reports a failed upgrade with IBM’s text', () => {
    expect(
      judgePoll({
        model: model({ status: 'upgrading' }),
        step: 'upgrade',
        versionsBefore: before,
        updatedBefore: null,
      }),
    ).toEqual({
      state: 'in-progress',
    });
    expect(
      judgePoll({
        model: model({ status: 'failed', error: 'bad audio' }),
        step: 'upgrade',
        versionsBefore: before,
        updatedBefore: null,
      }),
    ).toEqual({ state: 'failed', message: 'bad audio' });
  });
  it('sees the second acoustic step done when `updated` moves past the request', () => {
    const verdict = judgePoll({
      model: model({ kind: 'acoustic', updated: '2026-02-01T00:00:00.000Z' }),
      step: 'upgrade-with-language-model',
      versionsBefore: before,
      updatedBefore: '2026-01-01T00:00:00.000Z',
    });
    expect(verdict).toEqual({ state: 'done', versionAfter: null, changed: true });
  });
  it('reads a model back in its status with nothing changed as a no-op', () => {
    expect(
      judgePoll({
        model: model(),
        step: 'upgrade',
        versionsBefore: before,
        updatedBefore: '2026-01-01T00:00:00.000Z',
      }),
    ).toEqual({
      state: 'done',
      versionAfter: null,
      changed: false,
    });
  });
});

describe('skipReasonForRefusal', () => {
  it('treats only the "nothing to do" refusals as skips', () => {
    expect(skipReasonForRefusal('already-up-to-date')).toBe('already-up-to-date');
    expect(skipReasonForRefusal('no-data')).toBe('no-data');
    expect(skipReasonForRefusal('improved-next-generation')).toBe('improved-next-generation');
    expect(skipReasonForRefusal('base-version-mismatch')).toBeUndefined();
    expect(skipReasonForRefusal('not-ready')).toBeUndefined();
  });
});

describe('summarizeUnit', () => {
  it('fails a unit with the first failure’s name and every failed model in the cause', () => {
    const summary = summarizeUnit('run-1', [
      { customizationId: 'a', outcome: 'upgraded' },
      { customizationId: 'b', outcome: 'failed', error: 'UpgradeFailed', reason: 'b broke' },
      { customizationId: 'c', outcome: 'skipped', reason: 'no data' },
      { customizationId: 'd', outcome: 'in-progress' },
    ]);
    expect(summary).toMatchObject({ outcome: 'failed', error: 'UpgradeFailed', upgraded: ['a'] });
    expect(summary.cause).toBe('b broke | the unit ended before this model finished');
    expect(summary.skipped).toEqual([{ customizationId: 'c', reason: 'no data' }]);
  });
  it('succeeds when nothing failed', () => {
    expect(summarizeUnit('run-2', [{ customizationId: 'a', outcome: 'skipped' }])).toMatchObject({
      outcome: 'succeeded',
      error: null,
      cause: null,
    });
  });
});

describe('claim lease', () => {
  it('lasts the busy deadline, two upgrade steps and a day of margin', () => {
    expect(claimLeaseSeconds({ busyDeadlineSeconds: 3600, upgradeDeadlineSeconds: 7200 })).toBe(
      3600 + 2 * 7200 + 86_400,
    );
  });
  it('lapses only after the lease', () => {
    const claimedAt = '2026-11-01T00:00:00.000Z';
    expect(claimHasLapsed(claimedAt, new Date('2026-11-01T01:00:00.000Z'), 3600)).toBe(false);
    expect(claimHasLapsed(claimedAt, new Date('2026-11-01T01:00:01.000Z'), 3600)).toBe(true);
  });
});

describe('skip reasons', () => {
  it.each([
    { key: 'no-data', detail: undefined, text: 'has no data, so it needs no upgrade' },
    { key: 'claimed-by-another-run', detail: 'run-7', text: 'already handled by another run (run-7)' },
  ] as const)('$key with $detail reads "$text"', ({ key, detail, text }) => {
    expect(skipOf(key, detail)).toEqual({ key, text });
  });

  it('every key has a text, and the stored key is one of them', () => {
    expect(Object.keys(skipReasonText).sort()).toEqual([...skipReasonSchema.options].sort());
    expect(skipReasonSchema.safeParse('hand-written note').success).toBe(false);
  });
});
