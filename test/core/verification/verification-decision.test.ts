import { describe, expect, it } from 'vitest';
import {
  batchNumbers,
  batchRange,
  chooseVersions,
  decideVerification,
  type VerifiedModel,
} from '#core/verification/index.js';

const BASE = 'en-US_BroadbandModel';
const OLD = `${BASE}.v2018-07-31`;
const NEW = `${BASE}.v2020-01-16`;
const LM = '0a000000-0000-4000-8000-000000000001';
const AM = '0a000000-0000-4000-8000-000000000002';
const language: VerifiedModel = {
  kind: 'language',
  customizationId: LM,
  baseModelName: BASE,
  languageModelId: null,
};
const acoustic: VerifiedModel = {
  kind: 'acoustic',
  customizationId: AM,
  baseModelName: BASE,
  languageModelId: LM,
};

const reading = (overrides: Partial<Parameters<typeof decideVerification>[0]> = {}) =>
  decideVerification({
    model: language,
    versionsBefore: [OLD],
    current: { baseModelName: BASE, versions: [OLD, NEW] },
    testSet: 'claims',
    customizationWeight: undefined,
    ...overrides,
  });

describe('decideVerification', () => {
  it('compares the newest version before the upgrade with the one it added', () => {
    expect(reading({ versionsBefore: [`${BASE}.v2017-01-01`, OLD] })).toEqual({
      kind: 'recognise',
      testSet: 'claims',
      oldVersion: OLD,
      newVersion: NEW,
      parameters: { model: BASE, languageCustomizationId: LM },
    });
  });

  it('recognises an acoustic model with its language model, and sends the configured weight', () => {
    const decision = reading({ model: acoustic, customizationWeight: 0.3 });
    expect(decision).toMatchObject({
      parameters: {
        model: BASE,
        acousticCustomizationId: AM,
        languageCustomizationId: LM,
        customizationWeight: 0.3,
      },
    });
    const alone = reading({ model: { ...acoustic, languageModelId: null } });
    expect(alone).toMatchObject({ parameters: { model: BASE, acousticCustomizationId: AM } });
    expect(alone.kind === 'recognise' && 'languageCustomizationId' in alone.parameters).toBe(false);
  });

  it('has nothing to compare when the upgrade added no version', () => {
    expect(reading({ current: { baseModelName: BASE, versions: [OLD] } })).toEqual({ kind: 'not-upgraded' });
  });

  it('is unverified without a test set, even when the old version is gone', () => {
    expect(reading({ testSet: null, current: { baseModelName: BASE, versions: [NEW] } })).toEqual({
      kind: 'unverified',
      reason: 'no test set is configured for the model',
    });
  });

  it('is invalid when the old version is gone from versions', () => {
    expect(reading({ current: { baseModelName: BASE, versions: [NEW] } })).toMatchObject({
      kind: 'invalid',
      reason: `the old version ${OLD} is gone from the model's versions, so recognition cannot select it`,
    });
  });
});

describe('batches', () => {
  it('splits a test set into numbered batches and gives each its utterances', () => {
    expect(batchNumbers(11, 5)).toEqual([0, 1, 2]);
    expect(batchNumbers(0, 5)).toEqual([]);
    expect(batchRange(2, 11, 5)).toEqual({ start: 10, end: 11 });
    expect(batchRange(0, 11, 5)).toEqual({ start: 0, end: 5 });
  });
});

describe('chooseVersions', () => {
  const models = [{ customizationId: LM, versions: [`${BASE}.v2017-01-01`, NEW, OLD] }];

  it("defaults to the model's two newest dated versions", () => {
    expect(chooseVersions(models, BASE, {})).toEqual({ ok: true, oldVersion: OLD, newVersion: NEW });
  });

  it('takes bare versions and full entries', () => {
    expect(chooseVersions(models, BASE, { old: 'v2017-01-01', new: NEW })).toEqual({
      ok: true,
      oldVersion: `${BASE}.v2017-01-01`,
      newVersion: NEW,
    });
  });

  it('names the model and the version it lacks, and refuses a model with one version', () => {
    const paired = [...models, { customizationId: AM, versions: [NEW] }];
    expect(chooseVersions(paired, BASE, {})).toEqual({
      ok: false,
      problem: `model ${AM} has no version ${OLD} (it has ${NEW})`,
    });
    expect(chooseVersions([{ customizationId: LM, versions: [OLD] }], BASE, {})).toMatchObject({
      ok: false,
      problem: expect.stringContaining('nothing to compare'),
    });
  });
});
