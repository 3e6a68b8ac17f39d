import { describe, expect, it } from 'vitest';
import { newestVersionsSeen } from '#core/fleet/newest-versions.js';
import { groupIntoUnits } from '#core/fleet/unit-grouping.js';
import { unitOptionsSchema } from '#core/unit/unit-input.js';

const lm = (n: number) => ({ customizationId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` });
const am = (n: number) => ({ customizationId: `11111111-0000-4000-8000-${String(n).padStart(12, '0')}` });
const common = {
  instanceId: 'demo',
  trigger: { type: 'manual' as const, id: 'test' },
  options: unitOptionsSchema.parse({}),
};

describe('groupIntoUnits', () => {
  it('puts each language model with the acoustic models paired to it, and unpaired acoustic models alone', () => {
    const { units, problems } = groupIntoUnits({
      ...common,
      languageModels: [lm(1), lm(2)],
      acousticModels: [am(1), am(2), am(3)],
      pairings: [
        { acousticModelId: am(1).customizationId, languageModelId: lm(1).customizationId },
        { acousticModelId: am(2).customizationId, languageModelId: lm(1).customizationId },
      ],
    });
    expect(problems).toEqual([]);
    expect(
      units.map((u) => [u.languageModelId ?? null, u.acousticModels.map((a) => a.customizationId)]),
    ).toEqual([
      [lm(1).customizationId, [am(1).customizationId, am(2).customizationId]],
      [lm(2).customizationId, []],
      [null, [am(3).customizationId]],
    ]);
    expect(units[0]?.acousticModels.every((a) => a.trainedWithLanguageModel)).toBe(true);
    expect(units[2]?.acousticModels[0]?.trainedWithLanguageModel).toBe(false);
  });

  it('reports pairings that name missing models or pair an acoustic model twice, and leaves those models unpaired', () => {
    const { units, problems } = groupIntoUnits({
      ...common,
      languageModels: [lm(1)],
      acousticModels: [am(1)],
      pairings: [
        { acousticModelId: am(9).customizationId, languageModelId: lm(1).customizationId },
        { acousticModelId: am(1).customizationId, languageModelId: lm(9).customizationId },
      ],
    });
    expect(problems.map((p) => p.problem)).toEqual([
      `acoustic model ${am(9).customizationId} is not on the instance`,
      `language model ${lm(9).customizationId} is not on the instance`,
    ]);
    expect(units).toHaveLength(2);
    expect(units[1]?.acousticModels).toEqual([
      { customizationId: am(1).customizationId, trainedWithLanguageModel: false },
    ]);
  });

  it('refuses a second pairing of the same acoustic model', () => {
    const { problems } = groupIntoUnits({
      ...common,
      languageModels: [lm(1), lm(2)],
      acousticModels: [am(1)],
      pairings: [
        { acousticModelId: am(1).customizationId, languageModelId: lm(1).customizationId },
        { acousticModelId: am(1).customizationId, languageModelId: lm(2).customizationId },
      ],
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.problem).toContain('paired twice');
  });
});

describe('newestVersionsSeen', () => {
  it('takes the newest dated version per base model and ignores opaque ones', () => {
    expect(
      newestVersionsSeen([
        { baseModelName: 'en-US_BroadbandModel', versions: ['en-US_BroadbandModel.v2018-07-31'] },
        {
          baseModelName: 'en-US_BroadbandModel',
          versions: ['en-US_BroadbandModel.v2020-01-16', 'en-US_BroadbandModel.v2018-07-31'],
        },
        { baseModelName: 'en-US_NarrowbandModel', versions: ['en-US_NarrowbandModel.v07-06082016.06202016'] },
      ]),
    ).toEqual({ 'en-US_BroadbandModel': 'v2020-01-16' });
  });
});
