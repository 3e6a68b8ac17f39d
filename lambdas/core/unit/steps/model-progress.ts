import { NextAction } from '../../contract/workflow-contract.js';
import type { CustomModel } from '../../model/custom-model.js';
import type { ModelProgress } from '../unit-state.js';

/** Where a model stands right after its check: nothing requested yet. */
export function progressAfterCheck(model: CustomModel, attemptStartedAt: string): ModelProgress {
  return {
    next: NextAction.StartUpgrade,
    wakeAt: null,
    attemptStartedAt,
    busySince: null,
    modelName: model.name,
    baseModelName: model.baseModelName,
    step: null,
    requestedAt: null,
    statusBefore: model.status,
    versionsBefore: [...model.versions],
    updatedBefore: model.updated ?? null,
    expectedSeconds: 0,
    polls: 0,
    forced: false,
    owesLanguageModelStep: false,
    reachedVersion: null,
    stepDurations: {},
  };
}

/** Seconds between two ISO instants. */
export function secondsBetween(fromIso: string, to: Date): number {
  return (to.getTime() - Date.parse(fromIso)) / 1000;
}
