import type { Clock } from '#core/contract/clock.js';
import { NextAction } from '#core/contract/workflow-contract.js';
import type { CustomModel } from '#core/model/custom-model.js';
import type { PollTask } from '#core/unit/steps/after-poll.js';
import type { ModelProgress, ModelRef, ModelTask } from '#core/unit/unit-state.js';
import { workflowOptionsSchema } from '#core/unit/unit-state.js';

/** Ids and instants shared by the unit-step tests: a language model and an acoustic model paired with it. */
export const languageModelId = '11111111-1111-4111-8111-111111111111';
export const acousticModelId = '22222222-2222-4222-8222-222222222222';
export const base = 'en-US_BroadbandModel';
export const oldVersion = `${base}.v2020-01-16`;
export const newVersion = `${base}.v2026-12-01`;
export const startedAt = '2026-12-01T10:00:00.000Z';

/** A clock stopped at `iso`; a Wait state sleeps exactly the domain seconds asked for. */
export function clockAt(iso: string): Clock {
  const now = new Date(iso);
  return {
    now: () => new Date(now),
    wakeTimeAfter: (seconds) => new Date(now.getTime() + seconds * 1000).toISOString(),
  };
}

/** `iso` moved on by `seconds`. */
export function later(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString();
}

export function languageRef(): ModelRef {
  return {
    kind: 'language',
    customizationId: languageModelId,
    trainedWithLanguageModel: false,
    languageModelId: null,
  };
}

export function acousticRef(trainedWithLanguageModel: boolean): ModelRef {
  return {
    kind: 'acoustic',
    customizationId: acousticModelId,
    trainedWithLanguageModel,
    languageModelId: trainedWithLanguageModel ? languageModelId : null,
  };
}

export function customModel(overrides: Partial<CustomModel> = {}): CustomModel {
  return {
    kind: 'language',
    customizationId: languageModelId,
    name: 'claims-vocabulary',
    baseModelName: base,
    versions: [oldVersion],
    status: 'available',
    updated: startedAt,
    created: '2024-01-01T00:00:00.000Z',
    language: 'en-US',
    error: undefined,
    ...overrides,
  };
}

export function modelTask(model: ModelRef, progress: ModelProgress | null = null, dryRun = false): ModelTask {
  return {
    run: {
      runId: 'run-1',
      instanceId: 'cloud-1',
      trigger: { type: 'manual', id: 'operator' },
      dryRun,
      startedAt,
    },
    options: workflowOptionsSchema.parse({ pollBudgetPerStep: 40 }),
    model,
    progress,
  };
}

/** Progress of a model whose `step` was requested at `startedAt`. */
export function requestedProgress(overrides: Partial<ModelProgress> = {}): ModelProgress {
  return {
    next: NextAction.Poll,
    wakeAt: null,
    attemptStartedAt: startedAt,
    busySince: null,
    modelName: 'claims-vocabulary',
    baseModelName: base,
    step: 'upgrade',
    requestedAt: startedAt,
    statusBefore: 'available',
    versionsBefore: [oldVersion],
    updatedBefore: startedAt,
    expectedSeconds: 600,
    polls: 0,
    forced: false,
    owesLanguageModelStep: false,
    reachedVersion: null,
    stepDurations: {},
    ...overrides,
  };
}

/** A poll task: `model`'s step was requested as `progress` says. */
export function pollTask(model: ModelRef, progress: ModelProgress): PollTask {
  return { ...modelTask(model, progress), progress };
}
