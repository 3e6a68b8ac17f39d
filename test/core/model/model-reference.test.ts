import { describe, expect, it } from 'vitest';
import { isLargeSpeechModel, isPreviousGeneration } from '#core/model/model-family.js';
import { resolveModel } from '#core/model/model-reference.js';

const models = [
  { instanceId: 'prod', customizationId: 'id-1', modelName: 'claims' },
  { instanceId: 'prod', customizationId: 'id-2', modelName: 'claims' },
  { instanceId: 'prod', customizationId: 'id-3', modelName: 'billing' },
  { instanceId: 'test', customizationId: 'id-4', modelName: 'claims' },
  { instanceId: 'prod', customizationId: 'id-3', modelName: 'billing-renamed' },
];

describe('a model named by an operator', () => {
  it.each([
    { reference: 'id-3', instanceId: undefined, match: { kind: 'found', model: models[2] } },
    { reference: 'billing', instanceId: 'prod', match: { kind: 'found', model: models[2] } },
    { reference: 'claims', instanceId: 'test', match: { kind: 'found', model: models[3] } },
    {
      reference: 'claims',
      instanceId: 'prod',
      match: { kind: 'ambiguous', candidates: [models[0], models[1]] },
    },
    { reference: 'id-4', instanceId: 'prod', match: { kind: 'none' } },
    { reference: 'nothing', instanceId: undefined, match: { kind: 'none' } },
  ])('$reference on $instanceId: $match.kind', ({ reference, instanceId, match }) => {
    expect(resolveModel(reference, models, instanceId)).toEqual(match);
  });
});

describe('model families by name', () => {
  it.each([
    ['en-US', true, false],
    ['en-US_BroadbandModel', false, true],
    ['en-GB_NarrowbandModel', false, true],
    ['en-US_Telephony', false, false],
  ])('%s: large speech model %s, previous generation %s', (name, lsm, previous) => {
    expect(isLargeSpeechModel(name)).toBe(lsm);
    expect(isPreviousGeneration(name)).toBe(previous);
  });
});
