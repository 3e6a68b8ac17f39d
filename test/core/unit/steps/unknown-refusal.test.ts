import { describe, expect, it } from 'vitest';
import { UpgradeStep } from '#core/contract/workflow-contract.js';
import type { ModelStatus } from '#core/model/custom-model.js';
import { decideUnknownRefusal } from '#core/unit/steps/unknown-refusal.js';
import {
  acousticRef,
  customModel,
  languageRef,
  modelTask,
  newVersion,
  oldVersion,
} from './unit-step-fixtures.js';

const task = (
  paired: boolean | undefined,
  step: UpgradeStep = UpgradeStep.Upgrade,
  target: string | undefined = 'v2026-12-01',
) => {
  const base = modelTask(paired === undefined ? languageRef() : acousticRef(paired));
  return {
    ...base,
    options: {
      ...base.options,
      targetVersions: target ? { 'en-US_BroadbandModel': target } : ({} as Record<string, string>),
    },
    step,
  };
};

describe('decideUnknownRefusal', () => {
  it.each([
    { name: 'training', status: 'training', versions: [oldVersion], sizing: { wordCount: 10 }, kind: 'busy' },
    {
      name: 'upgrading',
      status: 'upgrading',
      versions: [oldVersion],
      sizing: { wordCount: 10 },
      kind: 'busy',
    },
    { name: 'pending', status: 'pending', versions: [oldVersion], sizing: { wordCount: 10 }, kind: 'skip' },
    { name: 'no words', status: 'available', versions: [oldVersion], sizing: { wordCount: 0 }, kind: 'skip' },
    {
      name: 'no audio',
      status: 'available',
      versions: [oldVersion],
      sizing: { audioMinutes: 0 },
      kind: 'skip',
    },
    {
      name: 'behind the target',
      status: 'available',
      versions: [oldVersion],
      sizing: { wordCount: 10 },
      kind: 'fail',
    },
    {
      name: 'on the target',
      status: 'available',
      versions: [newVersion],
      sizing: { wordCount: 10 },
      kind: 'skip',
    },
  ] as { name: string; status: ModelStatus; versions: string[]; sizing: object; kind: string }[])(
    'a language model $name: $kind',
    ({ status, versions, sizing, kind }) => {
      expect(decideUnknownRefusal(task(undefined), customModel({ status, versions }), sizing).kind).toBe(
        kind,
      );
    },
  );

  it('says why it skips', () => {
    const model = customModel({ versions: [newVersion] });
    expect(decideUnknownRefusal(task(undefined), model, { wordCount: 10 })).toEqual({
      kind: 'skip',
      reason: 'already-up-to-date',
    });
    expect(decideUnknownRefusal(task(undefined), customModel({ status: 'pending' }), {})).toEqual({
      kind: 'skip',
      reason: 'no-data',
    });
  });

  it.each([
    { paired: true, step: UpgradeStep.Upgrade, target: 'v2026-12-01', kind: 'with-language-model' },
    { paired: false, step: UpgradeStep.Upgrade, target: 'v2026-12-01', kind: 'skip' },
    { paired: true, step: UpgradeStep.UpgradeWithLanguageModel, target: 'v2026-12-01', kind: 'fail' },
    // No target known: IBM's word is all there is.
    { paired: true, step: UpgradeStep.Upgrade, target: undefined, kind: 'with-language-model' },
  ])(
    'an acoustic model paired $paired at step $step, target $target: $kind',
    ({ paired, step, target, kind }) => {
      const model = customModel({ kind: 'acoustic', versions: [newVersion] });
      expect(decideUnknownRefusal(task(paired, step, target), model, { audioMinutes: 30 }).kind).toBe(kind);
    },
  );
});
