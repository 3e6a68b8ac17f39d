import { ErrorName } from '../contract/workflow-contract.js';
import type { ModelStatus } from '../model/custom-model.js';
import type { CarriedCorpus } from './migration-plan.js';
import type { CorpusState } from './ports.js';

/** A step cannot go on: the migration records this and stops; a re-run resumes from here. */
export interface MigrationStop {
  readonly action: 'stop';
  readonly error: ErrorName;
  readonly reason: string;
}

export type CorpusAction =
  | { readonly action: 'wait'; readonly corpus: string }
  | { readonly action: 'add'; readonly corpus: CarriedCorpus; readonly overwrite: boolean }
  | { readonly action: 'done' }
  | MigrationStop;

/**
 * Corpora go to IBM one at a time ("The addition of one corpus must be fully complete before you can
 * add another"): wait while one is being processed, else add the next one missing. A corpus IBM
 * could not analyse is sent once more per run with allow_overwrite (the operator may have fixed the
 * file since the last run, as IBM's error text advises); undetermined after that, the migration stops.
 */
export function nextCorpusAction(
  carried: readonly CarriedCorpus[],
  onModel: readonly CorpusState[],
  resentThisRun: readonly string[],
): CorpusAction {
  const processing = onModel.find((c) => c.status === 'being_processed');
  if (processing) return { action: 'wait', corpus: processing.name };
  for (const corpus of carried) {
    const state = onModel.find((c) => c.name === corpus.name);
    if (!state) return { action: 'add', corpus, overwrite: false };
    if (state.status !== 'undetermined') continue;
    if (!resentThisRun.includes(corpus.name)) return { action: 'add', corpus, overwrite: true };
    return {
      action: 'stop',
      error: ErrorName.CorpusNotAnalysed,
      reason: `IBM could not analyse corpus '${corpus.name}' (${state.error ?? 'undetermined'}); fix ${corpus.location} and run the migration again`,
    };
  }
  return { action: 'done' };
}

export type TrainingAction =
  | { readonly action: 'wait' }
  | { readonly action: 'train'; readonly strict: boolean }
  | { readonly action: 'done' }
  | MigrationStop;

/**
 * What to do about training the new model, from its status alone: this decides on the model, so a
 * lost answer to `train` is seen as `training` and never sent twice.
 */
export function nextTrainingAction(
  status: ModelStatus,
  modelError: string | undefined,
  rejectedWords: number,
): TrainingAction {
  switch (status) {
    case 'pending':
    case 'training':
    case 'upgrading':
      return { action: 'wait' };
    case 'available':
      return { action: 'done' };
    case 'ready':
      // Words IBM stored with an error would fail a strict training; they are recorded as left behind.
      return { action: 'train', strict: rejectedWords === 0 };
    case 'failed':
      return {
        action: 'stop',
        error: ErrorName.TrainingFailed,
        reason: `training of the new model failed: ${modelError ?? 'IBM gave no reason'}`,
      };
  }
}
