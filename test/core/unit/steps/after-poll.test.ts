import { describe, expect, it } from 'vitest';
import { ErrorName } from '#core/contract/errors.js';
import { NextAction, UpgradeStep } from '#core/contract/workflow-contract.js';
import { defaultPollPolicy } from '#core/unit/poll-policy.js';
import { afterPoll } from '#core/unit/steps/after-poll.js';
import type { HistoryWrite } from '#core/unit/steps/history-writes.js';
import {
  acousticModelId,
  acousticRef,
  clockAt,
  customModel,
  languageRef,
  later,
  newVersion,
  oldVersion,
  pollTask,
  requestedProgress,
  startedAt,
} from './unit-step-fixtures.js';

const tenMinutesLater = later(startedAt, 600);

function kinds(writes: readonly HistoryWrite[]): string[] {
  return writes.map((write) => write.kind);
}

describe('afterPoll: a running step', () => {
  it.each([
    ['upgrading', 'upgrading'],
    ['training', 'training'],
  ] as const)('a model still %s is polled again after the policy delay, counting the poll', (_, status) => {
    const task = pollTask(languageRef(), requestedProgress({ polls: 2 }));
    const result = afterPoll(task, customModel({ status }), clockAt(tenMinutesLater), defaultPollPolicy);
    if (!('next' in result)) throw new Error(result.fail.message);
    expect(result.next.progress?.next).toBe(NextAction.Poll);
    expect(result.next.progress?.polls).toBe(3);
    expect(Date.parse(result.next.progress?.wakeAt ?? '')).toBeGreaterThan(Date.parse(tenMinutesLater));
    expect(result.writes).toEqual([{ kind: 'update-attempt', change: {}, counters: { addPolls: 1 } }]);
  });

  it('fails UpgradeTimeout once the step outlives its deadline', () => {
    const task = pollTask(languageRef(), requestedProgress());
    const deadline = task.options.upgradeDeadlineSeconds;
    const result = afterPoll(
      task,
      customModel({ status: 'upgrading' }),
      clockAt(later(startedAt, deadline + 1)),
      defaultPollPolicy,
    );
    expect('fail' in result && result.fail.name).toBe(ErrorName.UpgradeTimeout);
  });

  it('fails PollBudgetExhausted when the step has used every poll it may', () => {
    const task = pollTask(languageRef(), requestedProgress({ polls: 39 }));
    const result = afterPoll(
      task,
      customModel({ status: 'upgrading' }),
      clockAt(tenMinutesLater),
      defaultPollPolicy,
    );
    expect('fail' in result && result.fail.name).toBe(ErrorName.PollBudgetExhausted);
    expect('fail' in result && result.fail.message).toMatch(/40 polls used/);
  });

  it("fails UpgradeFailed with IBM's text when the model ends failed", () => {
    const task = pollTask(languageRef(), requestedProgress());
    const result = afterPoll(
      task,
      customModel({ status: 'failed', error: 'Training failed: corpus too large' }),
      clockAt(tenMinutesLater),
      defaultPollPolicy,
    );
    expect('fail' in result && result.fail.name).toBe(ErrorName.UpgradeFailed);
    expect('fail' in result && result.fail.message).toMatch(/corpus too large/);
  });

  it('refuses a poll before any request, as InvalidInput', () => {
    const task = pollTask(languageRef(), requestedProgress({ step: null, requestedAt: null }));
    const result = afterPoll(task, customModel(), clockAt(tenMinutesLater), defaultPollPolicy);
    expect('fail' in result && result.fail.name).toBe(ErrorName.InvalidInput);
  });
});

describe('afterPoll: a finished step', () => {
  it('closes an upgraded language model with its new version, duration and left status', () => {
    const task = pollTask(languageRef(), requestedProgress());
    const model = customModel({ versions: [oldVersion, newVersion], status: 'available' });
    const result = afterPoll(task, model, clockAt(tenMinutesLater), defaultPollPolicy);
    if (!('next' in result)) throw new Error(result.fail.message);
    expect(result.next.progress?.next).toBe(NextAction.Done);
    expect(result.writes).toEqual([
      {
        kind: 'update-attempt',
        change: expect.objectContaining({
          outcome: 'upgraded',
          versionAfter: newVersion,
          leftStatus: 'available',
          durationSeconds: 600,
          stepDurations: { upgrade: 600 },
        }),
        counters: { addPolls: 1 },
      },
    ]);
  });

  it('says a ready model was left ready, untrained', () => {
    const task = pollTask(languageRef(), requestedProgress({ statusBefore: 'ready' }));
    const model = customModel({ versions: [oldVersion, newVersion], status: 'ready' });
    const result = afterPoll(task, model, clockAt(tenMinutesLater), defaultPollPolicy);
    const update = result.writes.find((write) => write.kind === 'update-attempt');
    expect(update?.kind === 'update-attempt' && update.change.reason).toMatch(/left 'ready'/);
    expect(update?.kind === 'update-attempt' && update.change.leftStatus).toBe('ready');
  });

  it('records a model back to its status with no new version as skipped, and releases its claims', () => {
    const task = pollTask(languageRef(), requestedProgress());
    const result = afterPoll(task, customModel(), clockAt(tenMinutesLater), defaultPollPolicy);
    expect(kinds(result.writes)).toEqual(['release-claims', 'update-attempt']);
    const update = result.writes[1];
    expect(update?.kind === 'update-attempt' && update.change.outcome).toBe('skipped');
  });

  it('moves an acoustic model trained with its language model on to the second step on the version reached', () => {
    const task = pollTask(acousticRef(true), requestedProgress());
    const model = customModel({
      kind: 'acoustic',
      customizationId: acousticModelId,
      versions: [oldVersion, newVersion],
    });
    const result = afterPoll(task, model, clockAt(tenMinutesLater), defaultPollPolicy);
    if (!('next' in result)) throw new Error(result.fail.message);
    expect(result.next.progress?.next).toBe(NextAction.StartUpgradeWithLanguageModel);
    expect(result.next.progress?.reachedVersion).toBe(newVersion);
    expect(kinds(result.writes)).toEqual(['update-attempt']);
  });

  it('sends a paired model that owed the second step on even when the first changed nothing', () => {
    const task = pollTask(acousticRef(true), requestedProgress({ owesLanguageModelStep: true }));
    const model = customModel({ kind: 'acoustic', customizationId: acousticModelId });
    const result = afterPoll(task, model, clockAt(tenMinutesLater), defaultPollPolicy);
    if (!('next' in result)) throw new Error(result.fail.message);
    expect(result.next.progress?.next).toBe(NextAction.StartUpgradeWithLanguageModel);
  });

  it('ends an unpaired acoustic model after its first step', () => {
    const task = pollTask(acousticRef(false), requestedProgress());
    const model = customModel({
      kind: 'acoustic',
      customizationId: acousticModelId,
      versions: [oldVersion, newVersion],
    });
    const result = afterPoll(task, model, clockAt(tenMinutesLater), defaultPollPolicy);
    if (!('next' in result)) throw new Error(result.fail.message);
    expect(result.next.progress?.next).toBe(NextAction.Done);
  });

  it('records the with-language-model step as done on the version when `updated` moved', () => {
    const task = pollTask(
      acousticRef(true),
      requestedProgress({
        step: UpgradeStep.UpgradeWithLanguageModel,
        versionsBefore: [oldVersion, newVersion],
      }),
    );
    const model = customModel({
      kind: 'acoustic',
      customizationId: acousticModelId,
      versions: [oldVersion, newVersion],
      updated: later(startedAt, 300),
    });
    const result = afterPoll(task, model, clockAt(tenMinutesLater), defaultPollPolicy);
    expect(kinds(result.writes)).toEqual(['update-attempt', 'language-model-step-done']);
    expect(result.writes[1]).toMatchObject({
      version: newVersion,
      languageModelId: task.model.languageModelId,
    });
    const update = result.writes[0];
    expect(update?.kind === 'update-attempt' && update.change.outcome).toBe('upgraded');
  });

  it.each([
    ['a retrain that added a version', [oldVersion, newVersion], 'retrained: IBM added version'],
    ['a retrain that only moved `updated`', [oldVersion], 'retrained: versions unchanged'],
  ])('notes %s', (_, versions, note) => {
    const task = pollTask(languageRef(), requestedProgress({ step: UpgradeStep.Retrain }));
    const model = customModel({ versions, updated: later(startedAt, 300) });
    const result = afterPoll(task, model, clockAt(tenMinutesLater), defaultPollPolicy);
    const update = result.writes.find((write) => write.kind === 'update-attempt');
    expect(update?.kind === 'update-attempt' && update.change.outcome).toBe('upgraded');
    expect(update?.kind === 'update-attempt' && update.change.reason).toContain(note);
  });

  it('records an accepted retrain that changed nothing as skipped', () => {
    const task = pollTask(languageRef(), requestedProgress({ step: UpgradeStep.Retrain }));
    const result = afterPoll(task, customModel(), clockAt(tenMinutesLater), defaultPollPolicy);
    const update = result.writes.find((write) => write.kind === 'update-attempt');
    expect(update?.kind === 'update-attempt' && update.change.reason).toMatch(/did not change/);
  });
});
