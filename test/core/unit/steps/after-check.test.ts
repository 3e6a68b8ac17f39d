import { describe, expect, it } from 'vitest';
import { ErrorName } from '#core/contract/errors.js';
import { NextAction } from '#core/contract/workflow-contract.js';
import { defaultPollPolicy } from '#core/unit/poll-policy.js';
import { afterCheck, attemptStartOf, type CheckReading } from '#core/unit/steps/after-check.js';
import {
  acousticModelId,
  acousticRef,
  clockAt,
  customModel,
  languageRef,
  later,
  modelTask,
  newVersion,
  oldVersion,
  requestedProgress,
  startedAt,
} from './unit-step-fixtures.js';

function reading(overrides: Partial<CheckReading> = {}): CheckReading {
  return { model: customModel(), audio: undefined, languageModelStepDone: false, ...overrides };
}

function targeting(task: ReturnType<typeof modelTask>) {
  return { ...task, options: { ...task.options, targetVersions: { 'en-US_BroadbandModel': 'v2026-12-01' } } };
}

describe('afterCheck', () => {
  it('opens the attempt on the first check and records the check step', () => {
    const result = afterCheck(modelTask(languageRef()), reading(), clockAt(startedAt), defaultPollPolicy);
    expect(result.writes.map((write) => write.kind)).toEqual(['open-attempt', 'step']);
    expect(result.writes[0]).toMatchObject({
      attempt: { kind: 'language', statusBefore: 'available', versionBefore: oldVersion },
    });
  });

  it('does not open a second attempt on a later check of a busy model', () => {
    const task = modelTask(languageRef(), requestedProgress({ busySince: startedAt }));
    const result = afterCheck(
      task,
      reading({ model: customModel({ status: 'training' }) }),
      clockAt(later(startedAt, 60)),
      defaultPollPolicy,
    );
    expect(result.writes.map((write) => write.kind)).toEqual(['step']);
  });

  it('upgrades an available model behind its target', () => {
    const result = afterCheck(
      targeting(modelTask(languageRef())),
      reading(),
      clockAt(startedAt),
      defaultPollPolicy,
    );
    if (!('next' in result)) throw new Error(result.fail.message);
    expect(result.next.progress?.next).toBe(NextAction.StartUpgrade);
    expect(result.next.progress?.versionsBefore).toEqual([oldVersion]);
  });

  it.each([
    [
      'on the target version',
      customModel({ versions: [oldVersion, newVersion] }),
      undefined,
      /latest base model version/,
    ],
    ['pending (no data)', customModel({ status: 'pending' }), undefined, /no data/],
    ['failed', customModel({ status: 'failed' }), undefined, /'failed'/],
    [
      'an acoustic model without audio',
      customModel({ kind: 'acoustic', customizationId: acousticModelId }),
      { totalMinutesOfAudio: 0, resourceCount: 0 },
      /no data/,
    ],
  ])('skips a model %s with the reason recorded', (_, model, audio, reason) => {
    const ref = model.kind === 'acoustic' ? acousticRef(false) : languageRef();
    const result = afterCheck(
      targeting(modelTask(ref)),
      reading({ model, audio }),
      clockAt(startedAt),
      defaultPollPolicy,
    );
    if (!('next' in result)) throw new Error(result.fail.message);
    expect(result.next.progress?.next).toBe(NextAction.Skip);
    const update = result.writes.find((write) => write.kind === 'update-attempt');
    expect(update?.kind === 'update-attempt' && update.change).toMatchObject({ outcome: 'skipped' });
    expect(update?.kind === 'update-attempt' && update.change.reason).toMatch(reason);
  });

  it('skips as a dry run what it would upgrade, and records the intent', () => {
    const result = afterCheck(
      targeting(modelTask(languageRef(), null, true)),
      reading(),
      clockAt(startedAt),
      defaultPollPolicy,
    );
    const update = result.writes.find((write) => write.kind === 'update-attempt');
    expect(update?.kind === 'update-attempt' && update.change.reason).toMatch(/dry run/);
  });

  it('waits for a busy model and remembers since when', () => {
    const result = afterCheck(
      modelTask(languageRef()),
      reading({ model: customModel({ status: 'upgrading' }) }),
      clockAt(startedAt),
      defaultPollPolicy,
    );
    if (!('next' in result)) throw new Error(result.fail.message);
    expect(result.next.progress?.next).toBe(NextAction.WaitUntilFree);
    expect(result.next.progress?.busySince).toBe(startedAt);
    expect(Date.parse(result.next.progress?.wakeAt ?? '')).toBeGreaterThan(Date.parse(startedAt));
  });

  it('gives up with ModelBusyTimeout past the busy deadline', () => {
    const task = modelTask(languageRef(), requestedProgress({ busySince: startedAt }));
    const pastDeadline = later(startedAt, task.options.busyDeadlineSeconds);
    const result = afterCheck(
      task,
      reading({ model: customModel({ status: 'training' }) }),
      clockAt(pastDeadline),
      defaultPollPolicy,
    );
    expect('fail' in result && result.fail.name).toBe(ErrorName.ModelBusyTimeout);
  });

  it.each([
    [
      'without its language-model step goes straight to that step',
      false,
      NextAction.StartUpgradeWithLanguageModel,
      true,
    ],
    ['with its language-model step recorded on its version is skipped', true, NextAction.Skip, false],
  ])('a paired acoustic model on its target %s', (_, languageModelStepDone, next, owes) => {
    const model = customModel({
      kind: 'acoustic',
      customizationId: acousticModelId,
      versions: [oldVersion, newVersion],
    });
    const result = afterCheck(
      targeting(modelTask(acousticRef(true))),
      reading({ model, languageModelStepDone }),
      clockAt(startedAt),
      defaultPollPolicy,
    );
    if (!('next' in result)) throw new Error(result.fail.message);
    expect(result.next.progress?.next).toBe(next);
    expect(result.next.progress?.owesLanguageModelStep).toBe(owes);
  });
});

describe('attemptStartOf', () => {
  const now = new Date(later(startedAt, 300));
  it.each([
    { name: 'the first check opens the attempt now', progress: null, start: now.toISOString() },
    { name: 'a later task keeps the attempt it opened', progress: requestedProgress(), start: startedAt },
  ])('$name', ({ progress, start }) => {
    expect(attemptStartOf(modelTask(languageRef(), progress), now)).toBe(start);
  });
});
