import { describe, expect, it } from 'vitest';
import { ErrorName, SttError } from '#core/contract/errors.js';
import { NextAction, UpgradeStep } from '#core/contract/workflow-contract.js';
import { defaultPollPolicy } from '#core/unit/poll-policy.js';
import { skippedAttempt } from '#core/unit/steps/history-writes.js';
import { failed, handedTo, retaggedBusy, skipped, stepRunning } from '#core/unit/steps/start-transitions.js';
import type { StartUpgradeTask } from '#core/unit/unit-state.js';
import { skipOf } from '#core/unit/upgrade-decision.js';
import {
  clockAt,
  languageRef,
  later,
  modelTask,
  requestedProgress,
  startedAt,
} from './unit-step-fixtures.js';

const clock = clockAt(later(startedAt, 60));
const task = (force = false): StartUpgradeTask => {
  const progress = requestedProgress({ next: NextAction.StartUpgrade, step: null, requestedAt: null });
  return { ...modelTask(languageRef(), progress), progress, step: UpgradeStep.Upgrade, force };
};
const request = { at: later(startedAt, 60), updatedBefore: startedAt };
const sttError = (name: ErrorName, status?: number) =>
  new SttError(name, `IBM said ${name}`, { ibmMessage: name, status });

describe('stepRunning', () => {
  it.each([
    { answerLost: false, counters: { appendStep: 'upgrade' } },
    { answerLost: true, counters: { appendStep: 'upgrade', addLostAnswers: 1 } },
  ])('records the step as requested (answer lost: $answerLost) and polls it', ({ answerLost, counters }) => {
    const sizing = { wordCount: 1000, pastDurationsSeconds: [] };
    const result = stepRunning(task(), sizing, clock, defaultPollPolicy, request, answerLost);
    if (!('next' in result)) throw new Error('expected the step to run');
    expect(result.writes[0]).toMatchObject({ kind: 'update-attempt', counters });
    expect(result.next.progress).toMatchObject({
      next: NextAction.Poll,
      step: 'upgrade',
      requestedAt: request.at,
      polls: 0,
    });
  });
});

describe('skipped', () => {
  it.each([
    { release: true, kinds: ['release-claims', 'update-attempt'] },
    { release: false, kinds: ['update-attempt'] },
  ])('records the skip with its key (release claims: $release)', ({ release, kinds }) => {
    const result = skipped(task(), clock, skipOf('claimed-by-another-run', 'run-7'), release);
    expect(result.writes.map((write) => write.kind)).toEqual(kinds);
    expect(result.writes.at(-1)).toMatchObject({
      change: {
        outcome: 'skipped',
        skipKey: 'claimed-by-another-run',
        reason: 'already handled by another run (run-7)',
      },
    });
  });
});

describe('handedTo', () => {
  it('hands the model on to the named step with the given writes', () => {
    const result = handedTo(task(), NextAction.StartRetrain, [{ kind: 'release-claims' }]);
    if (!('next' in result)) throw new Error('expected a next step');
    expect(result.next.progress?.next).toBe(NextAction.StartRetrain);
    expect(result.writes).toEqual([{ kind: 'release-claims' }]);
  });
});

describe('failed', () => {
  it.each([
    { error: sttError(ErrorName.Transient), forgets: false, retried: true },
    { error: sttError(ErrorName.ModelBusy, 409), forgets: true, retried: true },
    { error: sttError(ErrorName.RequestRejected, 400), forgets: true, retried: false },
  ])('$error.name: forgets the request $forgets, counts a retry $retried', ({ error, forgets, retried }) => {
    const result = failed(task(true), clock, error);
    if (!('fail' in result)) throw new Error('expected a failure');
    const kinds = result.writes.map((write) => write.kind);
    expect(kinds.includes('forget-request')).toBe(forgets);
    expect(kinds.includes('update-attempt')).toBe(retried);
    expect(result.fail.name).toBe(error.name);
    expect(result.fail.message).toContain('upgrade-forced: IBM said');
  });
});

describe('retaggedBusy', () => {
  it('keeps IBM’s text and says why it is taken as busy', () => {
    const error = retaggedBusy(sttError(ErrorName.ModelNotUpgradable, 400), 'the model is busy');
    expect(error).toMatchObject({
      name: ErrorName.ModelBusy,
      status: 400,
      ibmMessage: ErrorName.ModelNotUpgradable,
    });
    expect(error.message).toBe('IBM said ModelNotUpgradable; the model is busy');
  });
});

describe('skippedAttempt', () => {
  it('ends the attempt skipped with the text and the key', () => {
    expect(skippedAttempt(skipOf('no-data'), startedAt)).toEqual({
      outcome: 'skipped',
      reason: 'has no data, so it needs no upgrade',
      skipKey: 'no-data',
      endedAt: startedAt,
    });
  });
});
