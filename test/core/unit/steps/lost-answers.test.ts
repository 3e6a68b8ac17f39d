import { describe, expect, it } from 'vitest';
import { ErrorName, SttError } from '#core/contract/errors.js';
import { UpgradeStep } from '#core/contract/workflow-contract.js';
import {
  hasNewVersion,
  mayBeOwnWork,
  mayHaveStarted,
  needsReread,
  tookEffect,
} from '#core/unit/steps/lost-answers.js';
import type { StartUpgradeTask } from '#core/unit/unit-state.js';
import {
  customModel,
  languageRef,
  later,
  modelTask,
  newVersion,
  oldVersion,
  requestedProgress,
  startedAt,
} from './unit-step-fixtures.js';

const error = (name: ErrorName, status?: number, reason?: SttError['reason']) =>
  new SttError(name, name, { ibmMessage: name, status, reason });

describe('mayHaveStarted', () => {
  it.each([
    { error: error(ErrorName.Transient), started: true },
    { error: error(ErrorName.Transient, 502), started: true },
    { error: error(ErrorName.Transient, 504), started: true },
    { error: error(ErrorName.Transient, 503), started: false },
    { error: error(ErrorName.ModelBusy, 409), started: false },
    { error: error(ErrorName.RequestRejected, 400), started: false },
  ])('$error.name $error.status: may have started: $started', ({ error, started }) => {
    expect(mayHaveStarted(error)).toBe(started);
  });
});

describe('mayBeOwnWork', () => {
  it.each([
    { name: 'a lost answer', error: error(ErrorName.Transient), own: false, maybe: true },
    {
      name: 'busy after its own earlier request',
      error: error(ErrorName.ModelBusy, 409),
      own: true,
      maybe: true,
    },
    {
      name: 'busy with no earlier request',
      error: error(ErrorName.ModelBusy, 409),
      own: false,
      maybe: false,
    },
    {
      name: 'up to date after its own earlier request',
      error: error(ErrorName.ModelNotUpgradable, 400, 'already-up-to-date'),
      own: true,
      maybe: true,
    },
    { name: 'a refusal', error: error(ErrorName.RequestRejected, 400), own: true, maybe: false },
  ])('$name: $maybe', ({ error, own, maybe }) => {
    expect(mayBeOwnWork(error, own)).toBe(maybe);
  });
});

describe('needsReread', () => {
  it.each([
    { error: error(ErrorName.Transient), reread: true },
    { error: error(ErrorName.ModelBusy, 409), reread: true },
    { error: error(ErrorName.ModelNotUpgradable, 400, 'already-up-to-date'), reread: true },
    { error: error(ErrorName.ModelNotUpgradable, 400, 'unknown'), reread: true },
    { error: error(ErrorName.RequestRejected, 400), reread: true },
    { error: error(ErrorName.ModelNotUpgradable, 400, 'no-data'), reread: false },
    { error: error(ErrorName.AuthFailed, 401), reread: false },
  ])('$error.name $error.reason: reread $reread', ({ error, reread }) => {
    expect(needsReread(error)).toBe(reread);
  });
});

describe('tookEffect', () => {
  const request = { at: later(startedAt, 60), updatedBefore: startedAt };
  const task = (step: StartUpgradeTask['step']): StartUpgradeTask => {
    const progress = requestedProgress();
    return { ...modelTask(languageRef(), progress), progress, step, force: false };
  };

  it.each([
    { step: UpgradeStep.Upgrade, model: customModel({ status: 'upgrading' }), took: true },
    { step: UpgradeStep.Upgrade, model: customModel({ versions: [oldVersion, newVersion] }), took: true },
    { step: UpgradeStep.Upgrade, model: customModel(), took: false },
    { step: UpgradeStep.Retrain, model: customModel({ status: 'training' }), took: true },
    { step: UpgradeStep.Upgrade, model: customModel({ status: 'training' }), took: false },
    {
      step: UpgradeStep.UpgradeWithLanguageModel,
      model: customModel({ updated: later(startedAt, 120) }),
      took: true,
    },
    { step: UpgradeStep.UpgradeWithLanguageModel, model: customModel({ updated: startedAt }), took: false },
    { step: UpgradeStep.UpgradeWithLanguageModel, model: customModel({ updated: undefined }), took: false },
  ])('$step, model $model.status updated $model.updated: $took', ({ step, model, took }) => {
    expect(tookEffect(task(step), model, request)).toBe(took);
  });
});

describe('hasNewVersion', () => {
  it.each([
    { versions: [oldVersion], added: false },
    { versions: [oldVersion, newVersion], added: true },
    { versions: [newVersion], added: true },
  ])('$versions after [old]: $added', ({ versions, added }) => {
    expect(hasNewVersion({ versions }, [oldVersion])).toBe(added);
  });
});
