import { describe, expect, it } from 'vitest';
import { ErrorName, SttError } from '#core/contract/errors.js';
import { NextAction, UpgradeStep } from '#core/contract/workflow-contract.js';
import { defaultPollPolicy } from '#core/unit/poll-policy.js';
import type { HistoryWrite } from '#core/unit/steps/history-writes.js';
import { needsReread, type RequestResult } from '#core/unit/steps/lost-answers.js';
import { afterRequest, beforeRequest, type StartReading } from '#core/unit/steps/start-step.js';
import type { EarlierRequest } from '#core/unit/steps/step-claim.js';
import { trainOptionsFor } from '#core/unit/steps/step-request.js';
import type { StartUpgradeTask } from '#core/unit/unit-state.js';
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

const requestAt = later(startedAt, 60);
const clock = clockAt(requestAt);
const request: EarlierRequest = { at: requestAt, updatedBefore: startedAt };

function startTask(
  overrides: { step?: StartUpgradeTask['step']; force?: boolean; paired?: boolean; strict?: boolean } = {},
): StartUpgradeTask {
  const model = overrides.paired === undefined ? languageRef() : acousticRef(overrides.paired);
  const progress = requestedProgress({ next: NextAction.StartUpgrade, step: null, requestedAt: null });
  const task = modelTask(model, progress);
  return {
    ...task,
    options: {
      ...task.options,
      targetVersions: { 'en-US_BroadbandModel': 'v2026-12-01' },
      strictTraining: overrides.strict ?? true,
    },
    progress,
    step: overrides.step ?? UpgradeStep.Upgrade,
    force: overrides.force ?? false,
  };
}

function reading(overrides: Partial<StartReading> = {}): StartReading {
  return {
    claim: { granted: true, own: false, earlierRequest: null },
    current: customModel(),
    sizing: { wordCount: 1000, pastDurationsSeconds: [] },
    retrain: { optedIn: false, platform: 'cloud' },
    ...overrides,
  };
}

function sttError(
  name: ErrorName,
  details: { status?: number; reason?: SttError['reason']; ibmMessage?: string } = {},
): SttError {
  return new SttError(name, `IBM: ${name}`, { ibmMessage: details.ibmMessage ?? name, ...details });
}

function lost(error: SttError, reread = customModel()): RequestResult {
  return { answered: false, error, reread };
}

function kinds(writes: readonly HistoryWrite[]): string[] {
  return writes.map((write) => write.kind);
}

function skipReason(writes: readonly HistoryWrite[]): string | undefined {
  const update = writes.find((write) => write.kind === 'update-attempt');
  return update?.kind === 'update-attempt' ? update.change.reason : undefined;
}

describe('beforeRequest', () => {
  it("sends when the claim is this run's and the model has not moved", () => {
    expect(beforeRequest(startTask(), reading(), clock, defaultPollPolicy)).toEqual({ send: true });
  });

  it("skips, keeping the other run's claim, when another run holds it", () => {
    const claim = { granted: false, heldBy: 'run-other', claimedAt: startedAt } as const;
    const result = beforeRequest(startTask(), reading({ claim }), clock, defaultPollPolicy);
    if ('send' in result || !('next' in result)) throw new Error('expected a skip');
    expect(result.next.progress?.next).toBe(NextAction.Skip);
    expect(kinds(result.writes)).toEqual(['update-attempt']);
    expect(skipReason(result.writes)).toMatch(/another run \(run-other\)/);
  });

  it('takes up its own earlier request when the model shows it took effect, counting a lost answer', () => {
    const claim = { granted: true, own: true, earlierRequest: request } as const;
    const current = customModel({ status: 'upgrading' });
    const result = beforeRequest(startTask(), reading({ claim, current }), clock, defaultPollPolicy);
    if ('send' in result || !('next' in result)) throw new Error('expected the step to be running');
    expect(result.next.progress?.next).toBe(NextAction.Poll);
    expect(result.next.progress?.requestedAt).toBe(requestAt);
    expect(result.writes[0]).toMatchObject({ counters: { addLostAnswers: 1 } });
    expect(result.writes[1]).toMatchObject({ detail: { answerLost: true } });
  });

  it('sends again when its own earlier request left the model unchanged', () => {
    const claim = { granted: true, own: true, earlierRequest: request } as const;
    expect(beforeRequest(startTask(), reading({ claim }), clock, defaultPollPolicy)).toEqual({ send: true });
  });

  it('skips as up to date when another run finished the upgrade between check and claim', () => {
    const current = customModel({ versions: [oldVersion, newVersion] });
    const result = beforeRequest(startTask(), reading({ current }), clock, defaultPollPolicy);
    if ('send' in result) throw new Error('expected a skip');
    expect(kinds(result.writes)).toEqual(['release-claims', 'update-attempt']);
    expect(skipReason(result.writes)).toMatch(/latest base model version/);
  });

  it.each([
    ['an available model on Cloud Pak for Data', 'cloud-pak', 'available', [], true, /Cloud Pak for Data/],
    ['a ready model on Cloud Pak for Data', 'cloud-pak', 'ready', [], true, undefined],
    [
      'invalid resources under strict training',
      'cloud',
      'available',
      [{ kind: 'corpus', name: 'faq', error: 'Analysis failed' }],
      true,
      /invalid corpus 'faq'/,
    ],
    [
      'invalid resources with strict: false',
      'cloud',
      'available',
      [{ kind: 'corpus', name: 'faq', error: 'Analysis failed' }],
      false,
      undefined,
    ],
  ] as const)('a retrain of %s: skipped %s', (_, platform, status, invalid, strict, skipped) => {
    const result = beforeRequest(
      startTask({ step: UpgradeStep.Retrain, strict }),
      reading({
        current: customModel({ status }),
        sizing: { wordCount: 10, pastDurationsSeconds: [], invalidResources: invalid },
        retrain: { optedIn: true, platform },
      }),
      clock,
      defaultPollPolicy,
    );
    if (skipped === undefined) expect(result).toEqual({ send: true });
    else expect('writes' in result && skipReason(result.writes)).toMatch(skipped);
  });
});

describe('trainOptionsFor', () => {
  it.each([
    ['cloud', true, { force: true }],
    ['cloud', false, { force: true, strict: false }],
    ['cloud-pak', true, {}],
    ['cloud-pak', false, { strict: false }],
  ] as const)('on %s with strict %s: %j', (platform, strict, options) => {
    expect(trainOptionsFor(startTask({ step: UpgradeStep.Retrain, strict }), platform)).toEqual(options);
  });
});

describe('needsReread', () => {
  it.each([
    ['a dropped connection', sttError(ErrorName.Transient), true],
    ['a 502', sttError(ErrorName.Transient, { status: 502 }), true],
    ['a 504', sttError(ErrorName.Transient, { status: 504 }), true],
    ['a 503', sttError(ErrorName.Transient, { status: 503 }), false],
    ['a 409', sttError(ErrorName.ModelBusy, { status: 409 }), true],
    [
      'already up to date',
      sttError(ErrorName.ModelNotUpgradable, { status: 400, reason: 'already-up-to-date' }),
      true,
    ],
    ['an unknown 400', sttError(ErrorName.ModelNotUpgradable, { status: 400, reason: 'unknown' }), true],
    ['a rejected request', sttError(ErrorName.RequestRejected, { status: 400 }), true],
    ['no data', sttError(ErrorName.ModelNotUpgradable, { status: 400, reason: 'no-data' }), false],
    ['an auth failure', sttError(ErrorName.AuthFailed, { status: 401 }), false],
  ])('%s: %s', (_, error, reread) => {
    expect(needsReread(error)).toBe(reread);
  });
});

describe('afterRequest', () => {
  it('polls a step IBM accepted', () => {
    const result = afterRequest(
      startTask(),
      reading(),
      request,
      { answered: true },
      clock,
      defaultPollPolicy,
    );
    if (!('next' in result)) throw new Error(result.fail.message);
    expect(result.next.progress).toMatchObject({
      next: NextAction.Poll,
      step: 'upgrade',
      requestedAt: requestAt,
    });
    expect(result.writes[1]).toMatchObject({ detail: { requested: true, force: false } });
  });

  it("records a lost answer as this run's step when the model shows it started", () => {
    const result = afterRequest(
      startTask(),
      reading(),
      request,
      lost(sttError(ErrorName.Transient, { status: 504 }), customModel({ status: 'upgrading' })),
      clock,
      defaultPollPolicy,
    );
    if (!('next' in result)) throw new Error(result.fail.message);
    expect(result.next.progress?.next).toBe(NextAction.Poll);
    expect(result.writes[0]).toMatchObject({ counters: { addLostAnswers: 1 } });
  });

  it('raises a lost answer on an unchanged model as Transient and keeps the note, so the retry observes', () => {
    const result = afterRequest(
      startTask(),
      reading(),
      request,
      lost(sttError(ErrorName.Transient)),
      clock,
      defaultPollPolicy,
    );
    expect('fail' in result && result.fail.name).toBe(ErrorName.Transient);
    expect(kinds(result.writes)).toEqual(['step', 'update-attempt']);
  });

  it('takes a 409 after its own earlier request for its work only when the model shows it', () => {
    const own = reading({ claim: { granted: true, own: true, earlierRequest: request } });
    const busy = sttError(ErrorName.ModelBusy, { status: 409 });
    const shown = afterRequest(
      startTask(),
      own,
      request,
      lost(busy, customModel({ status: 'upgrading' })),
      clock,
      defaultPollPolicy,
    );
    expect('next' in shown && shown.next.progress?.next).toBe(NextAction.Poll);
    const notShown = afterRequest(startTask(), own, request, lost(busy), clock, defaultPollPolicy);
    expect('fail' in notShown && notShown.fail.name).toBe(ErrorName.ModelBusy);
  });

  it('never takes a 409 for its own without an earlier request of its own, and clears the note', () => {
    const busy = sttError(ErrorName.ModelBusy, { status: 409 });
    const result = afterRequest(
      startTask(),
      reading(),
      request,
      lost(busy, customModel({ status: 'upgrading' })),
      clock,
      defaultPollPolicy,
    );
    expect('fail' in result && result.fail.name).toBe(ErrorName.ModelBusy);
    expect(kinds(result.writes)).toEqual(['forget-request', 'step', 'update-attempt']);
  });

  it.each([
    ['already-up-to-date', /latest base model version/],
    ['no-data', /no data/],
    ['improved-next-generation', /upgrade by retraining/],
  ] as const)("skips on IBM's refusal %s and releases the claim", (reason, text) => {
    const error = sttError(ErrorName.ModelNotUpgradable, { status: 400, reason });
    const result = afterRequest(startTask(), reading(), request, lost(error), clock, defaultPollPolicy);
    if (!('next' in result)) throw new Error(result.fail.message);
    expect(result.next.progress?.next).toBe(NextAction.Skip);
    expect(kinds(result.writes)[0]).toBe('release-claims');
    expect(skipReason(result.writes)).toMatch(text);
  });

  it('hands an improved next-generation language model to the retrain step when opted in', () => {
    const error = sttError(ErrorName.ModelNotUpgradable, { status: 400, reason: 'improved-next-generation' });
    const optedIn = reading({ retrain: { optedIn: true, platform: 'cloud' } });
    const result = afterRequest(startTask(), optedIn, request, lost(error), clock, defaultPollPolicy);
    if (!('next' in result)) throw new Error(result.fail.message);
    expect(result.next.progress?.next).toBe(NextAction.StartRetrain);
    expect(kinds(result.writes)).toEqual(['release-claims']);
  });

  it('skips a retrain IBM refuses with "no input data modified"', () => {
    const error = sttError(ErrorName.NoInputModified, { status: 400 });
    const result = afterRequest(
      startTask({ step: UpgradeStep.Retrain }),
      reading(),
      request,
      lost(error),
      clock,
      defaultPollPolicy,
    );
    expect(skipReason(result.writes)).toMatch(/retrains only after a change/);
  });

  it('waits as for a busy model when the language model is not on the new version yet', () => {
    const error = sttError(ErrorName.ModelNotUpgradable, { status: 400, reason: 'base-version-mismatch' });
    const result = afterRequest(
      startTask({ paired: true }),
      reading(),
      request,
      lost(error),
      clock,
      defaultPollPolicy,
    );
    expect('fail' in result && result.fail.name).toBe(ErrorName.ModelBusy);
    expect('fail' in result && result.fail.message).toMatch(/language model is not on the new version/);
  });

  describe('an unknown 400 is decided from the model', () => {
    const unknown = sttError(ErrorName.RequestRejected, { status: 400, ibmMessage: 'Something new' });

    it.each([
      ['training: busy', customModel({ status: 'training' }), 'fail', ErrorName.ModelBusy],
      [
        'pending: no data',
        customModel({ status: 'pending' }),
        'skip',
        /no data, so it needs no upgrade \(IBM: Something new\)/,
      ],
      ['on the target: up to date', customModel({ versions: [oldVersion, newVersion] }), 'skip', /latest/],
      ['behind its target: failed as IBM said', customModel(), 'fail', ErrorName.RequestRejected],
    ] as const)('%s', (_, reread, outcome, expected) => {
      const result = afterRequest(
        startTask(),
        reading(),
        request,
        lost(unknown, reread),
        clock,
        defaultPollPolicy,
      );
      if (outcome === 'fail') expect('fail' in result && result.fail.name).toBe(expected);
      else expect(skipReason(result.writes)).toMatch(expected);
    });

    it('on the target, a paired acoustic model goes on to its with-language-model step', () => {
      const reread = customModel({
        kind: 'acoustic',
        customizationId: acousticModelId,
        versions: [oldVersion, newVersion],
      });
      const result = afterRequest(
        startTask({ paired: true }),
        reading({ sizing: { audioMinutes: 30, pastDurationsSeconds: [] } }),
        request,
        lost(unknown, reread),
        clock,
        defaultPollPolicy,
      );
      expect('next' in result && result.next.progress?.next).toBe(NextAction.StartUpgradeWithLanguageModel);
    });
  });
});
