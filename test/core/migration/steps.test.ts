import { describe, expect, it } from 'vitest';
import { type CorpusState, nextCorpusAction, nextTrainingAction } from '#core/migration/index.js';

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
