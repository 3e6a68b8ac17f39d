import { describe, expect, it } from 'vitest';
import { type InstanceModels, selectUnits } from '#core/fleet/unit-selection.js';
import type { CustomModel } from '#core/model/custom-model.js';
import { UpgradedPast } from '#core/model/index.js';
import { input, instance } from './selection-fixtures.js';

const id = (n: number) => `a0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const lsm = (n: number, versions: string[], kind: CustomModel['kind'] = 'language'): CustomModel => ({
  kind,
  customizationId: id(n),
  name: `lsm-${n}`,
  baseModelName: 'en-US',
  versions,
  status: 'available',
  updated: '2026-01-01T00:00:00.000Z',
  created: '2025-01-01T00:00:00.000Z',
  language: 'en-US',
  error: undefined,
});
const behindIds = (models: Partial<InstanceModels>, extra: Record<string, unknown> = {}) =>
  selectUnits(input(extra), [instance(models)]).units.map((u) => u.languageModelId);

describe('planning large speech model custom models', () => {
  it('never calls a model behind because another model lists a different opaque version', () => {
    const languageModels = [lsm(1, ['en-US.rel-a']), lsm(2, ['en-US.rel-b']), lsm(3, ['en-US.rel-a'])];
    expect(behindIds({ languageModels })).toEqual([]);
  });

  it('never calls a model behind on a release date it cannot compare with an opaque version', () => {
    const plan = selectUnits(input({ releaseDates: { 'en-US': '2026-03-04' } }), [
      instance({ languageModels: [lsm(1, ['en-US.rel-a'])] }),
    ]);
    expect(plan.units).toEqual([]);
    expect(plan.opaque.map((m) => m.customizationId)).toEqual([id(1)]);
  });

  it('calls a model behind when another one was upgraded from its version (it lists that one and more)', () => {
    const languageModels = [lsm(1, ['en-US.rel-a']), lsm(2, ['en-US.rel-b', 'en-US.rel-a'])];
    expect(behindIds({ languageModels })).toEqual([id(1)]);
    expect(new UpgradedPast(languageModels).versionsPast(languageModels[0] as CustomModel)).toEqual([
      'en-US.rel-b',
    ]);
  });

  it("calls a model behind on IBM's own warning", () => {
    const languageModels = [lsm(1, ['en-US.rel-a'])];
    const plan = selectUnits(input(), [instance({ languageModels, probedBehind: new Set([id(1)]) })]);
    expect(plan.units.map((u) => u.languageModelId)).toEqual([id(1)]);
  });

  it('takes a named target version as opaque text: listed means current', () => {
    const languageModels = [lsm(1, ['en-US.rel-a']), lsm(2, ['en-US.rel-b'])];
    expect(behindIds({ languageModels }, { targetVersions: { 'en-US': 'rel-a' } })).toEqual([]);
  });

  it('plans no acoustic operation on a large speech model', () => {
    const acousticModels = [
      lsm(4, ['en-US.rel-a'], 'acoustic'),
      lsm(5, ['en-US.rel-b', 'en-US.rel-a'], 'acoustic'),
    ];
    const plan = selectUnits(input(), [instance({ acousticModels, probedBehind: new Set([id(4)]) })]);
    expect(plan.units).toEqual([]);
  });
});
