import { describe, expect, it } from 'vitest';
import {
  type CorpusState,
  comparisonTestSet,
  nextCorpusAction,
  nextTrainingAction,
  trainingFinished,
} from '#core/migration/index.js';

const carried = [
  { name: 'claims', location: 'store/claims.txt' },
  { name: 'notes', location: 'store/notes.txt' },
];
const state = (name: string, status: CorpusState['status'], error?: string): CorpusState => ({
  name,
  status,
  totalWords: 0,
  error,
});

describe('nextCorpusAction', () => {
  it('adds corpora one at a time, in order, waiting while one is being processed', () => {
    expect(nextCorpusAction(carried, [], [])).toEqual({
      action: 'add',
      corpus: carried[0],
      overwrite: false,
    });
    expect(nextCorpusAction(carried, [state('claims', 'being_processed')], [])).toEqual({
      action: 'wait',
      corpus: 'claims',
    });
    expect(nextCorpusAction(carried, [state('claims', 'analyzed')], [])).toEqual({
      action: 'add',
      corpus: carried[1],
      overwrite: false,
    });
    expect(nextCorpusAction(carried, [state('claims', 'analyzed'), state('notes', 'analyzed')], [])).toEqual({
      action: 'done',
    });
  });

  it('sends an undetermined corpus again once per run with allow_overwrite, then stops naming the file', () => {
    const failed = [state('claims', 'undetermined', "Analysis of corpus 'claims' failed.")];
    expect(nextCorpusAction(carried, failed, [])).toEqual({
      action: 'add',
      corpus: carried[0],
      overwrite: true,
    });
    expect(nextCorpusAction(carried, failed, ['claims'])).toMatchObject({
      action: 'stop',
      error: 'CorpusNotAnalysed',
      reason: expect.stringMatching(/corpus 'claims'.*fix store\/claims\.txt/),
    });
  });
});

describe('nextTrainingAction', () => {
  it('decides on the model status alone, so a lost train answer is seen as training, not sent again', () => {
    expect(nextTrainingAction('training', undefined, 0)).toEqual({ action: 'wait' });
    expect(nextTrainingAction('pending', undefined, 0)).toEqual({ action: 'wait' });
    expect(nextTrainingAction('available', undefined, 0)).toEqual({ action: 'done' });
    expect(nextTrainingAction('ready', undefined, 0)).toEqual({ action: 'train', strict: true });
  });

  it('trains around words IBM rejected, and stops on a failed training with IBM text', () => {
    expect(nextTrainingAction('ready', undefined, 2)).toEqual({ action: 'train', strict: false });
    expect(nextTrainingAction('failed', 'out of memory', 0)).toMatchObject({
      action: 'stop',
      error: 'TrainingFailed',
      reason: expect.stringMatching(/out of memory/),
    });
  });
});

describe('trainingFinished', () => {
  const now = new Date('2026-12-04T06:00:00.000Z');
  it.each([
    { name: 'notes when a training it asked for finished', requested: true, trained: false, notes: true },
    { name: 'keeps a finish already noted', requested: true, trained: true, notes: false },
    {
      name: 'notes nothing for a training it never asked for',
      requested: false,
      trained: false,
      notes: false,
    },
  ])('$name', ({ requested, trained, notes }) => {
    const record = {
      ...(requested && { trainRequestedAt: '2026-12-04T05:00:00.000Z' }),
      ...(trained && { trainedAt: '2026-12-04T05:30:00.000Z' }),
    };
    expect(trainingFinished(record, now)).toEqual(notes ? { trainedAt: now.toISOString() } : undefined);
  });
});

describe('comparisonTestSet', () => {
  it('compares on the test set the migration recorded', () => {
    expect(comparisonTestSet({ testSet: 'support-lines' })).toEqual({ testSet: 'support-lines' });
  });

  it('stops a migration without a test set as TestSetMissing, saying why', () => {
    expect(comparisonTestSet({ testSet: null })).toEqual({
      error: 'TestSetMissing',
      reason: 'no test set is configured for it',
    });
  });
});
