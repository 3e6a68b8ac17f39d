import { describe, expect, it } from 'vitest';
import {
  afterCreateFailure,
  caughtFailure,
  comparisonParameters,
  corpusTaken,
  createAction,
  firstTrainingWaitSeconds,
  type ModelMigrationPlan,
  missingWords,
  preparedRecord,
  prepareStop,
  rejectedWords,
  trainingTaken,
  trainingWait,
  wordsRefusal,
} from '#core/migration/index.js';
import type { CustomModel } from '#core/model/custom-model.js';
import { defaultPollPolicy } from '#core/unit/poll-policy.js';

const source = '0a000000-0000-4000-8000-000000000001';
const found = { customizationId: 'found-id' } as CustomModel;
const record = { newModelId: null, newModelName: 'calls', target: 'en-US', sourceId: source };

describe('createAction', () => {
  it.each([
    [
      'keeps the recorded model while IBM has it',
      { ...record, newModelId: 'kept' },
      true,
      undefined,
      { action: 'keep' },
    ],
    [
      'adopts the model a lost answer left, found by its description',
      record,
      false,
      found,
      { action: 'adopt', customizationId: 'found-id' },
    ],
    [
      'adopts it too when the recorded model was deleted since',
      { ...record, newModelId: 'gone' },
      false,
      found,
      { action: 'adopt', customizationId: 'found-id' },
    ],
    [
      'creates only when none exists, named as the source with the source id in its description',
      record,
      false,
      undefined,
      {
        action: 'create',
        model: { name: 'calls', baseModelName: 'en-US', description: `Migrated from ${source}` },
      },
    ],
  ] as const)('%s', (_, rec, exists, migrated, expected) => {
    expect(createAction(rec, exists, migrated)).toEqual(expected);
  });
});

describe('afterCreateFailure', () => {
  it.each([
    [
      "stops at IBM's limit with IBM's text",
      'ModelLimitReached',
      found,
      { action: 'stop', error: 'ModelLimitReached', reason: 'limit text' },
    ],
    [
      'adopts what a lost answer created',
      'Transient',
      found,
      { action: 'adopt', customizationId: 'found-id' },
    ],
    [
      'rethrows a lost answer that created nothing, for the retry to create',
      'Transient',
      undefined,
      { action: 'rethrow' },
    ],
    ['rethrows anything else', 'AuthFailed', undefined, { action: 'rethrow' }],
  ] as const)('%s', (_, name, migrated, expected) => {
    expect(afterCreateFailure({ name, ibmMessage: 'limit text' }, migrated)).toEqual(expected);
  });
});

describe('carrying words and corpora', () => {
  it('sends only the words the new model lacks', () => {
    expect(missingWords([{ word: 'a' }, { word: 'b' }], [{ word: 'a' }])).toEqual([{ word: 'b' }]);
  });

  it('stops on a 400 refusal of the words with IBM text, and leaves other errors to the retries', () => {
    expect(wordsRefusal({ name: 'RequestRejected', status: 400, ibmMessage: 'bad' })).toEqual({
      action: 'stop',
      error: 'WordsRejected',
      reason: 'IBM refused the words: bad',
    });
    expect(wordsRefusal({ name: 'Transient', status: 503, ibmMessage: 'busy' })).toBeUndefined();
  });

  it('records the words IBM stored with an error', () => {
    const listed = [
      { word: 'ok', soundsLike: [], displayAs: 'ok', source: ['user'], error: undefined },
      {
        word: 'fee',
        soundsLike: ['75'],
        displayAs: 'fee',
        source: ['user'],
        error: 'Numbers are not allowed',
      },
    ];
    expect(rejectedWords(listed)).toEqual([{ word: 'fee', reason: 'Numbers are not allowed' }]);
  });

  it('after a lost answer to an add, counts a corpus IBM lists and analyses as taken', () => {
    const corpus = (status: 'analyzed' | 'being_processed' | 'undetermined') => [
      { name: 'c', status, totalWords: 1, error: undefined },
    ];
    expect(corpusTaken(corpus('being_processed'), 'c')).toBe(true);
    expect(corpusTaken(corpus('undetermined'), 'c')).toBe(false);
    expect(corpusTaken(corpus('analyzed'), 'other')).toBe(false);
  });
});

describe('training', () => {
  it('after a lost answer to train, counts a model training or trained as taken', () => {
    expect(trainingTaken('training')).toBe(true);
    expect(trainingTaken('available')).toBe(true);
    expect(trainingTaken('ready')).toBe(false);
  });

  it('waits by the poll policy, and stops with PollBudgetExhausted once the budget is spent', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    const first = firstTrainingWaitSeconds({ words: [] }, defaultPollPolicy);
    expect(first).toBeGreaterThan(0);
    expect(
      trainingWait({ words: [], trainRequestedAt: now.toISOString(), trainPolls: 1 }, now, defaultPollPolicy),
    ).toMatchObject({
      action: 'wait',
    });
    expect(
      trainingWait(
        { words: [], trainRequestedAt: now.toISOString(), trainPolls: 1_000_000 },
        now,
        defaultPollPolicy,
      ),
    ).toEqual({
      action: 'stop',
      error: 'PollBudgetExhausted',
      reason: 'training outlasted the poll budget; run again to go on',
    });
  });
});

describe('prepare', () => {
  const planned = (blocked?: ModelMigrationPlan['blocked']) =>
    ({
      target: 'en-US',
      newModel: { name: 'calls', description: '', existingId: null },
      words: [{ word: 'claim', soundsLike: ['clam'] }],
      corpora: [],
      leftBehind: [],
      testSet: 'calls',
      ...(blocked && { blocked }),
    }) as unknown as ModelMigrationPlan;

  it('resumes on the new model an earlier run created, and notes the fleet run', () => {
    const rec = preparedRecord({
      input: { instanceId: 'i', sourceId: source, fleetRunId: 'fleet-1' },
      runId: 'child-1',
      source: { name: 'calls', baseModelName: 'en-US_Telephony' },
      planned: planned(),
      previous: { newModelId: 'earlier' } as never,
      now: '2026-12-03T12:00:00.000Z',
    });
    expect(rec).toMatchObject({
      newModelId: 'earlier',
      fleetRunId: 'fleet-1',
      runId: 'child-1',
      status: 'running',
      target: 'en-US',
    });
  });

  it.each([
    ['a large speech model source', undefined, null, 'NoLsmTarget'],
    ['a blocked plan', planned({ error: 'NothingToCarry', reason: 'grammars only' }), null, 'NothingToCarry'],
    [
      'a full instance, before the new model exists',
      planned({ error: 'ModelLimitReached', reason: 'full' }),
      null,
      'ModelLimitReached',
    ],
    [
      'nothing: a full instance once the new model exists',
      planned({ error: 'ModelLimitReached', reason: 'full' }),
      'new',
      undefined,
    ],
  ] as const)('stops %s', (_, plan, newModelId, error) => {
    expect(prepareStop(plan, { newModelId, sourceBaseModel: 'en-US' })?.error).toBe(error);
  });
});

describe('comparison and caught failures', () => {
  it('sends a configured weight on both recognitions, and none otherwise', () => {
    expect(comparisonParameters(0.3)('en-US', 'x')).toEqual({
      model: 'en-US',
      languageCustomizationId: 'x',
      customizationWeight: 0.3,
    });
    expect(comparisonParameters(undefined)('en-US', 'x')).toEqual({
      model: 'en-US',
      languageCustomizationId: 'x',
    });
  });

  it('keeps our stable names and records any other failure as RequestRejected with its text', () => {
    expect(caughtFailure({ Error: 'TrainingFailed', Cause: 'why' })).toEqual({
      error: 'TrainingFailed',
      reason: 'why',
    });
    expect(caughtFailure({ Error: 'Sandbox.Timedout' })).toEqual({
      error: 'RequestRejected',
      reason: 'Sandbox.Timedout',
    });
  });
});
