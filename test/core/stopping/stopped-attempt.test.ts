import { describe, expect, it } from 'vitest';
import { functionTimeoutSeconds, unitFunctionCalls } from '#core/contract/lambda-tasks/function-timeouts.js';
import { attemptOfClosedRun, claimOfClosedRun } from '#core/stopping/closed-run.js';
import { type StoppedAttemptReading, settleStoppedAttempt } from '#core/stopping/stopped-attempt.js';

const now = new Date('2026-12-03T12:00:00.000Z');
const base = 'en-US_BroadbandModel';
const before = `${base}.v2020-01-16`;
const after = `${base}.v2026-11-24`;
const startedAt = '2026-12-03T10:00:00.000Z';
const requestedAt = '2026-12-03T10:05:00.000Z';
const lm = 'lm-1';

const attempt = (steps: string[]) => ({
  outcome: 'in-progress' as const,
  versionBefore: before,
  steps,
  startedAt,
});
const model = (
  status: 'available' | 'upgrading',
  versions: string[],
  updated = '2026-12-03T11:00:00.000Z',
) => ({
  status,
  baseModelName: base,
  versions,
  updated,
});
const upgraded = model('available', [before, after]);
const unchanged = model('available', [before], '2026-12-03T09:00:00.000Z');
const stopped = { outcome: 'failed' as const, endedAt: '2026-12-03T11:30:00.000Z' };
const closedAt = Date.parse(stopped.endedAt);
const startTimeoutMs = functionTimeoutSeconds(unitFunctionCalls['start-upgrade']) * 1000;
const reading = (over: Partial<StoppedAttemptReading>): StoppedAttemptReading => ({
  attempt: attempt(['upgrade']),
  run: stopped,
  model: upgraded,
  modelReadAt: now,
  requests: [],
  ...over,
});
const failed = (reason: string, versionAfter?: string) => ({
  kind: 'settled',
  end: {
    outcome: 'failed',
    endedAt: now.toISOString(),
    error: 'RunAbandoned',
    reason,
    ...(versionAfter ? { versionAfter } : {}),
  },
});
const upgradedEnd = {
  outcome: 'upgraded',
  endedAt: now.toISOString(),
  versionAfter: after,
  reason: 'IBM finished the upgrade after its run had stopped',
};

describe('settling an attempt a stopped run left open', () => {
  it.each([
    ['waits while its run may still act', reading({ run: { outcome: 'running' } }), { kind: 'wait' }],
    ['waits while its run cannot be read', reading({ run: undefined }), { kind: 'wait' }],
    [
      'waits when the model was read before its run was closed: the reading may predate its request',
      reading({ model: unchanged, modelReadAt: new Date('2026-12-03T11:29:59.000Z') }),
      { kind: 'wait' },
    ],
    [
      "waits while a start task of the closed run may still act: up to its function's timeout after the close",
      reading({ model: unchanged, modelReadAt: new Date(closedAt + startTimeoutMs - 1000) }),
      { kind: 'wait' },
    ],
    [
      'decides on a reading taken once no task of its run can act any more',
      reading({ model: unchanged, modelReadAt: new Date(closedAt + startTimeoutMs) }),
      failed('its run stopped and IBM left the model as it was'),
    ],
    [
      'waits while IBM upgrades the model',
      reading({ model: model('upgrading', [before]) }),
      { kind: 'wait' },
    ],
    [
      'has nothing to do when the run never opened an attempt',
      reading({ attempt: undefined }),
      { kind: 'settled' },
    ],
    [
      'has nothing to do when the attempt already ended',
      reading({ attempt: { ...attempt(['upgrade']), outcome: 'upgraded' } }),
      { kind: 'settled' },
    ],
    [
      'records the upgrade IBM finished under the stopped run',
      reading({}),
      { kind: 'settled', end: upgradedEnd },
    ],
    [
      'records a forced with-language-model step IBM finished, and the step done on the version',
      reading({
        attempt: attempt(['upgrade', 'upgrade-with-language-model-forced']),
        pairedWith: lm,
        requests: [{ step: 'upgrade-with-language-model', at: requestedAt, updatedBefore: requestedAt }],
      }),
      { kind: 'settled', end: upgradedEnd, languageModelStep: { version: after, languageModelId: lm } },
    ],
    [
      'fails a paired acoustic model stopped after the first step: the next run owes the second',
      reading({ pairedWith: lm }),
      failed(
        'its run stopped after IBM finished the first step; the with-language-model step is left to the next run',
        after,
      ),
    ],
    [
      'fails an attempt whose model IBM left on its version',
      reading({ model: unchanged }),
      failed('its run stopped and IBM left the model as it was'),
    ],
    [
      'fails a with-language-model step whose model never moved past the noted request',
      reading({
        attempt: attempt(['upgrade-with-language-model']),
        model: model('available', [after], requestedAt),
        pairedWith: lm,
        requests: [{ step: 'upgrade-with-language-model', at: requestedAt, updatedBefore: requestedAt }],
      }),
      failed('its run stopped and IBM left the model as it was'),
    ],
    [
      'judges a step that adds no version by the attempt’s start when its note was lost',
      reading({
        attempt: attempt(['upgrade-with-language-model']),
        model: model('available', [after]),
        pairedWith: lm,
      }),
      { kind: 'settled', end: upgradedEnd, languageModelStep: { version: after, languageModelId: lm } },
    ],
    [
      'records a step the run noted on its claim but was stopped before recording, when IBM finished it',
      reading({
        attempt: attempt(['upgrade']),
        pairedWith: lm,
        requests: [
          { step: 'upgrade', at: startedAt, updatedBefore: startedAt },
          { step: 'upgrade-with-language-model', at: requestedAt, updatedBefore: requestedAt },
        ],
      }),
      {
        kind: 'settled',
        end: upgradedEnd,
        unrecordedSteps: [
          { step: 'upgrade-with-language-model', at: requestedAt, updatedBefore: requestedAt },
        ],
        languageModelStep: { version: after, languageModelId: lm },
      },
    ],
    [
      'records nothing a run noted when IBM shows nothing done',
      reading({
        attempt: attempt([]),
        model: unchanged,
        requests: [{ step: 'upgrade', at: requestedAt, updatedBefore: startedAt }],
      }),
      failed('its run stopped and IBM left the model as it was'),
    ],
    [
      'fails an attempt whose run stopped before it asked IBM',
      reading({ attempt: attempt([]) }),
      failed('its run stopped before it asked IBM for the upgrade'),
    ],
    [
      'fails an attempt whose model IBM no longer has',
      reading({ model: undefined }),
      failed('its run stopped and IBM no longer has the model'),
    ],
  ])('%s', (_, input, expected) => {
    expect(settleStoppedAttempt(input, now)).toEqual(expected);
  });
});

describe('a claim taken by a run already closed', () => {
  it('is given back with RunAbandoned, and kept by a running run', () => {
    expect(claimOfClosedRun('u-1', { outcome: 'running' })).toBeNull();
    for (const run of [{ outcome: 'failed' as const }, undefined]) {
      expect(claimOfClosedRun('u-1', run)).toMatchObject({
        name: 'RunAbandoned',
        message: expect.stringContaining('Run u-1 was closed'),
      });
    }
  });
});

describe('an attempt opened by a run already closed', () => {
  it('is ended at once as failed RunAbandoned, and left open for a running run', () => {
    expect(attemptOfClosedRun('u-1', { outcome: 'running' }, now)).toBeNull();
    expect(attemptOfClosedRun('u-1', { outcome: 'failed' }, now)).toMatchObject({
      error: { name: 'RunAbandoned' },
      end: {
        outcome: 'failed',
        endedAt: now.toISOString(),
        error: 'RunAbandoned',
        reason: 'its run was closed before it asked IBM for anything',
      },
    });
  });
});
