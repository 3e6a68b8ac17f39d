import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { languageModelStepKey } from '#core/unit/language-model-step.js';
import {
  acousticModelId,
  type HistoryFixture,
  instanceId,
  languageModelId,
  newAttempt,
  startHistoryFixture,
  trigger,
} from './history-fixture.js';

let fixture: HistoryFixture;
beforeAll(async () => {
  fixture = await startHistoryFixture();
});
afterAll(() => fixture.stop());

const stepsOf = async (runId: string) => {
  const { Items } = await fixture.raw.send(
    new QueryCommand({
      TableName: fixture.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :step)',
      ExpressionAttributeValues: { ':pk': `RUN#${runId}`, ':step': 'STEP#' },
    }),
  );
  return Items ?? [];
};

describe('step events', () => {
  it('writes the same event twice as one item, and a different dedup key as another', async () => {
    const event = {
      runId: 'run-steps',
      customizationId: languageModelId,
      step: 'poll',
      at: '2026-04-01T08:05:00.000Z',
      detail: { status: 'upgrading', polls: 1, done: false, message: null },
    };
    expect(await fixture.store.recordStep(event, 'upgrade-poll-1')).toEqual({ recorded: true });
    expect(await fixture.store.recordStep(event, 'upgrade-poll-1')).toEqual({ recorded: false });
    expect(await fixture.store.recordStep(event, 'upgrade-poll-2')).toEqual({ recorded: true });

    const items = await stepsOf('run-steps');
    expect(items.map((item) => item.sk)).toEqual([
      `STEP#2026-04-01T08:05:00.000Z#${languageModelId}#poll#upgrade-poll-1`,
      `STEP#2026-04-01T08:05:00.000Z#${languageModelId}#poll#upgrade-poll-2`,
    ]);
  });

  it('refuses a step name that would make keys ambiguous', async () => {
    const event = {
      runId: 'run-steps',
      customizationId: languageModelId,
      step: 'a#b',
      at: '2026-04-01T08:05:00.000Z',
      detail: {},
    };
    await expect(fixture.store.recordStep(event, 'x')).rejects.toThrow(
      /'step' must be non-empty and free of '#'/,
    );
  });
});

describe('claims', () => {
  const target = {
    instanceId,
    customizationId: acousticModelId,
    upgradeStep: 'upgrade',
    targetKey: 'v2026-03-01',
  };

  it('grants a target to one of two runs racing for it and tells the other who holds it', async () => {
    const [first, second] = await Promise.all([
      fixture.store.claim(target, 'run-x', '2026-04-01T08:00:00.000Z'),
      fixture.store.claim(target, 'run-y', '2026-04-01T08:00:00.000Z'),
    ]);
    const granted = [first, second].filter((result) => result.granted);
    const refused = [first, second].filter((result) => !result.granted);
    expect(granted).toHaveLength(1);
    expect(refused).toEqual([
      { granted: false, heldBy: first.granted ? 'run-x' : 'run-y', claimedAt: '2026-04-01T08:00:00.000Z' },
    ]);
  });

  it('grants the holder again when its Lambda is retried, keeping the first claim time; other targets are separate', async () => {
    const own = { ...target, customizationId: '66666666-6666-4666-8666-666666666666' };
    expect(await fixture.store.claim(own, 'run-z', '2026-04-01T09:00:00.000Z')).toEqual({
      granted: true,
      own: false,
      earlierRequest: null,
    });
    // A retried Lambda is told the claim was already its own.
    expect(await fixture.store.claim(own, 'run-z', '2026-04-01T09:00:05.000Z')).toEqual({
      granted: true,
      own: true,
      earlierRequest: null,
    });
    expect(await fixture.store.claim(own, 'run-w', '2026-04-01T09:00:09.000Z')).toEqual({
      granted: false,
      heldBy: 'run-z',
      claimedAt: '2026-04-01T09:00:00.000Z',
    });
    expect(
      await fixture.store.claim({ ...own, targetKey: 'v2026-09-01' }, 'run-w', '2026-04-01T09:00:09.000Z'),
    ).toEqual({ granted: true, own: false, earlierRequest: null });
    const secondStep = { ...own, upgradeStep: 'upgrade-with-language-model' };
    expect(await fixture.store.claim(secondStep, 'run-w', '2026-04-01T09:00:09.000Z')).toEqual({
      granted: true,
      own: false,
      earlierRequest: null,
    });
  });

  it('tells a retried holder of the request it noted before sending, whose answer may have been lost', async () => {
    const model = { ...target, customizationId: '77777777-7777-4777-8777-777777777777' };
    await fixture.store.claim(model, 'run-q', '2026-04-03T00:00:00.000Z');
    const request = { at: '2026-04-03T00:00:01.000Z', updatedBefore: '2026-01-01T00:00:00.000Z' };
    await fixture.store.noteRequest(model, 'run-q', request);
    expect(await fixture.store.claim(model, 'run-q', '2026-04-03T00:05:00.000Z')).toEqual({
      granted: true,
      own: true,
      earlierRequest: request,
    });
    await expect(fixture.store.noteRequest(model, 'run-other', request)).rejects.toThrow(
      /claim of run run-other/,
    );
  });

  it("releases only the releasing run's claims on a model, so another run may take them", async () => {
    const model = { ...target, customizationId: '55555555-5555-4555-8555-555555555555' };
    await fixture.store.claim(model, 'run-r1', '2026-04-02T00:00:00.000Z');
    await fixture.store.claim(
      { ...model, upgradeStep: 'upgrade-with-language-model' },
      'run-r1',
      '2026-04-02T00:00:00.000Z',
    );
    await fixture.store.claim({ ...model, targetKey: 'v2027-01-01' }, 'run-r2', '2026-04-02T00:00:00.000Z');

    expect(await fixture.store.releaseClaims(instanceId, model.customizationId, 'run-r1')).toBe(2);
    expect(await fixture.store.claim(model, 'run-r3', '2026-04-02T01:00:00.000Z')).toEqual({
      granted: true,
      own: false,
      earlierRequest: null,
    });
    expect(
      await fixture.store.claim({ ...model, targetKey: 'v2027-01-01' }, 'run-r3', '2026-04-02T01:00:00.000Z'),
    ).toMatchObject({
      granted: false,
      heldBy: 'run-r2',
    });
  });
});

describe('run history', () => {
  it('gathers the run, its attempts by model and its steps in time order', async () => {
    const runId = 'run-all';
    await fixture.store.startRun({
      runId,
      instanceId,
      trigger,
      dryRun: true,
      startedAt: '2026-04-10T00:00:00.000Z',
      modelIds: [languageModelId, acousticModelId],
    });
    await fixture.store.startAttempt({
      ...newAttempt(runId, acousticModelId, '2026-04-10T00:00:02.000Z'),
      kind: 'acoustic',
    });
    await fixture.store.startAttempt(newAttempt(runId, languageModelId, '2026-04-10T00:00:01.000Z'));
    await fixture.store.startAttempt(newAttempt('run-other', languageModelId, '2026-04-10T00:00:01.000Z'));
    const step = (customizationId: string, at: string) => ({
      runId,
      customizationId,
      step: 'check',
      at,
      detail: {},
    });
    await fixture.store.recordStep(step(acousticModelId, '2026-04-10T00:00:04.000Z'), 'check');
    await fixture.store.recordStep(step(languageModelId, '2026-04-10T00:00:03.000Z'), 'check');

    const history = await fixture.store.runHistory(runId);
    expect(history.run).toMatchObject({ runId, dryRun: true, outcome: 'running' });
    expect(history.attempts.map((attempt) => attempt.customizationId)).toEqual([
      languageModelId,
      acousticModelId,
    ]);
    expect(history.steps.map((event) => event.customizationId)).toEqual([languageModelId, acousticModelId]);
  });

  it('answers an unknown run with nothing rather than an error', async () => {
    expect(await fixture.store.runHistory('run-never')).toEqual({ attempts: [], steps: [] });
  });
});

describe('release entries', () => {
  it('stores an entry once and keeps the first sighting', async () => {
    const entry = {
      source: 'ibm-cloud',
      entryId: '2026-03-01',
      firstSeenAt: '2026-03-02T06:00:00.000Z',
      entry: { models: ['en-US'] },
    };
    expect(await fixture.store.putReleaseEntry(entry)).toEqual({
      created: true,
      entry: { ...entry, type: 'release-entry' },
    });
    const again = await fixture.store.putReleaseEntry({ ...entry, firstSeenAt: '2026-03-03T06:00:00.000Z' });
    expect(again).toMatchObject({ created: false, entry: { firstSeenAt: '2026-03-02T06:00:00.000Z' } });
    expect(await fixture.store.getReleaseEntry('ibm-cloud', '2026-03-01')).toMatchObject({
      entry: { models: ['en-US'] },
    });
    expect(await fixture.store.getReleaseEntry('ibm-cloud', 'unknown')).toBeUndefined();
  });

  it("lists a source's entries, without its last check or another source's entries", async () => {
    const entry = { entryId: '2026-05-01', firstSeenAt: '2026-05-02T06:00:00.000Z', entry: {} };
    await fixture.store.putReleaseEntry({ ...entry, source: 'cpd' });
    await fixture.store.putReleaseEntry({ ...entry, source: 'cpd#4.8' });
    await fixture.store.recordReleaseSource({ source: 'cpd', entryCount: 1, checkedAt: entry.firstSeenAt });
    const listed = await fixture.store.releaseEntries('cpd');
    expect(listed.map((e) => `${e.source} ${e.entryId}`)).toEqual(['cpd 2026-05-01']);
  });
});

describe('with-language-model steps', () => {
  it("answers an instance's done steps as the keys the planner looks up", async () => {
    const step = {
      customizationId: acousticModelId,
      languageModelId,
      runId: 'run-steps',
      doneAt: '2026-05-01T08:00:00.000Z',
    };
    const [older, newer] = ['en-US_BroadbandModel.v2020-01-16', 'en-US_BroadbandModel.v2026-12-01'];
    await fixture.store.recordLanguageModelStep({ ...step, instanceId: 'inst-steps', version: older });
    await fixture.store.recordLanguageModelStep({ ...step, instanceId: 'inst-steps', version: newer });
    await fixture.store.recordLanguageModelStep({ ...step, instanceId: 'inst-other', version: newer });
    expect(await fixture.store.languageModelSteps('inst-steps')).toEqual(
      new Set([languageModelStepKey(acousticModelId, older), languageModelStepKey(acousticModelId, newer)]),
    );
  });
});
