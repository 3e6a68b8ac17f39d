import { describe, expect, it } from 'vitest';
import {
  type MigrationSource,
  migrationSettingsSchema,
  newModelDescription,
  planMigration,
  type SourceWord,
} from '#core/migration/index.js';
import type { CustomModel } from '#core/model/custom-model.js';

function model(id: number, baseModelName: string, extra: Partial<CustomModel> = {}): CustomModel {
  return {
    kind: 'language',
    customizationId: `0a000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
    name: `model-${id}`,
    baseModelName,
    versions: [],
    status: 'available',
    updated: undefined,
    created: '2024-01-01T00:00:00.000Z',
    language: baseModelName.slice(0, 5),
    error: undefined,
    ...extra,
  };
}

function word(text: string, extra: Partial<SourceWord> = {}): SourceWord {
  return { word: text, soundsLike: [], displayAs: text, source: ['user'], error: undefined, ...extra };
}

function source(m: CustomModel, extra: Partial<MigrationSource> = {}): MigrationSource {
  return {
    model: m,
    words: [word('claim')],
    corpora: [],
    grammars: [],
    storedCorpora: [],
    pairedAcousticModels: [],
    testSet: { name: 'calls', audioMinutes: 5 },
    ...extra,
  };
}

const settings = migrationSettingsSchema.parse({});

describe('planMigration', () => {
  it('targets the same-locale LSM and says where the mapping comes from', () => {
    const telephony = model(1, 'en-US_Telephony');
    const plan = planMigration({
      instanceId: 'i',
      languageModels: [telephony],
      sources: [source(telephony)],
      settings,
    });
    expect(plan.models[0]).toMatchObject({ target: 'en-US', targetBasis: 'same-locale', action: 'migrate' });
    expect(plan.models[0]?.targetNote).toMatch(/IBM publishes no table/);
  });

  it('takes the deploy config override for a base model', () => {
    const latam = model(1, 'es-LA_Telephony');
    const plain = planMigration({
      instanceId: 'i',
      languageModels: [latam],
      sources: [source(latam)],
      settings,
    });
    expect(plain.models[0]).toMatchObject({
      target: null,
      action: 'blocked',
      blocked: { error: 'NoLsmTarget' },
    });
    const overridden = planMigration({
      instanceId: 'i',
      languageModels: [latam],
      sources: [source(latam)],
      settings: migrationSettingsSchema.parse({ targets: { 'es-LA_Telephony': 'es-MX' } }),
    });
    expect(overridden.models[0]).toMatchObject({
      target: 'es-MX',
      targetBasis: 'override',
      action: 'migrate',
    });
  });

  it('leaves LSM custom models out: they are the destination', () => {
    const lsm = model(1, 'en-US');
    expect(
      planMigration({ instanceId: 'i', languageModels: [lsm], sources: [source(lsm)], settings }).models,
    ).toEqual([]);
  });

  it('carries user words with sounds_like and display_as, and names the words IBM would reject', () => {
    const m = model(1, 'en-US_BroadbandModel');
    const plan = planMigration({
      instanceId: 'i',
      languageModels: [m],
      settings,
      sources: [
        source(m, {
          words: [
            word('IEEE', { soundsLike: ['I triple E'], displayAs: 'IEEE' }),
            word('hmo', { displayAs: 'HMO' }),
            word('seventy5', { soundsLike: ['75 dollars'] }),
            word('two words'),
            word('fromcorpus', { source: ['claims.txt'] }),
            word('broken', { error: 'bad' }),
          ],
        }),
      ],
    });
    const planned = plan.models[0];
    expect(planned?.words).toEqual([
      { word: 'IEEE', soundsLike: ['I triple E'] },
      { word: 'hmo', soundsLike: [], displayAs: 'HMO' },
    ]);
    expect(planned?.leftBehind.map((l) => [l.kind, l.name])).toEqual([
      ['word', 'seventy5'],
      ['word', 'two words'],
      ['word', 'broken'],
    ]);
    expect(planned?.leftBehind[0]?.reason).toMatch(/digits/);
  });

  it('carries corpora found in the store and names those missing, grammars and paired acoustic models', () => {
    const m = model(1, 'en-US_NarrowbandModel');
    const plan = planMigration({
      instanceId: 'i',
      languageModels: [m],
      settings,
      sources: [
        source(m, {
          words: [word('x', { source: ['lost-corpus'] })],
          corpora: [
            { name: 'claims', totalWords: 1000 },
            { name: 'lost-corpus', totalWords: 50 },
          ],
          storedCorpora: [
            { fileName: 'claims.txt', location: 'store/model-1/claims.txt' },
            { fileName: 'extra.txt', location: 'store/model-1/extra.txt' },
          ],
          grammars: ['menu'],
          pairedAcousticModels: ['am-1'],
        }),
      ],
    });
    const planned = plan.models[0];
    expect(planned?.corpora).toEqual([
      { name: 'claims', location: 'store/model-1/claims.txt' },
      { name: 'extra', location: 'store/model-1/extra.txt' },
    ]);
    expect(planned?.leftBehind.map((l) => [l.kind, l.name])).toEqual([
      ['corpus', 'lost-corpus'],
      ['grammar', 'menu'],
      ['acoustic-model', 'am-1'],
      ['word', '1 corpus word(s)'],
    ]);
    expect(planned?.action).toBe('migrate');
  });

  it('blocks a source with grammars only, one without a test set and one not trained, each with its reason', () => {
    const grammarsOnly = model(1, 'en-US_Telephony');
    const noTestSet = model(2, 'en-US_Telephony');
    const pending = model(3, 'en-US_Telephony', { status: 'ready' });
    const plan = planMigration({
      instanceId: 'i',
      languageModels: [grammarsOnly, noTestSet, pending],
      settings,
      sources: [
        source(grammarsOnly, { words: [], grammars: ['menu'] }),
        source(noTestSet, { testSet: null }),
        source(pending),
      ],
    });
    expect(plan.models.map((m) => m.blocked?.error)).toEqual([
      'NothingToCarry',
      'TestSetMissing',
      'SourceNotAvailable',
    ]);
    expect(plan.models[0]?.blocked?.reason).toMatch(/grammars only/);
  });

  it('creates only while there is room under 1,024 and resumes migrations already started without using room', () => {
    const fillers = Array.from({ length: 1021 }, (_, i) => model(100 + i, 'en-US'));
    const sources = [1, 2, 3].map((id) => model(id, 'en-US_Telephony'));
    const started = model(9, 'en-US', {
      description: newModelDescription(sources[0]?.customizationId ?? ''),
    });
    const plan = planMigration({
      instanceId: 'i',
      languageModels: [...fillers, ...sources, started],
      settings,
      sources: sources.map((m) => source(m)),
    });
    expect(plan.roomBefore).toBe(0);
    expect(plan.models.map((m) => m.action)).toEqual(['resume', 'blocked', 'blocked']);
    expect(plan.models[0]?.newModel.existingId).toBe(started.customizationId);
    expect(plan.models[1]?.blocked).toMatchObject({ error: 'ModelLimitReached' });
    const roomy = planMigration({
      instanceId: 'i',
      languageModels: [...fillers.slice(0, 1019), ...sources],
      settings,
      sources: sources.map((m) => source(m)),
    });
    expect([roomy.roomBefore, roomy.roomAfter, roomy.models.map((m) => m.action)]).toEqual([
      2,
      0,
      ['migrate', 'migrate', 'blocked'],
    ]);
  });

  it('prices the comparison at twice the test set and the training at the configured price', () => {
    const m = model(1, 'en-US_Telephony');
    const plan = planMigration({
      instanceId: 'i',
      languageModels: [m],
      sources: [source(m, { testSet: { name: 'calls', audioMinutes: 5 } })],
      settings: migrationSettingsSchema.parse({ trainingPricePerMinuteUsd: 1 }),
    });
    const cost = plan.models[0]?.cost;
    expect(cost?.recognitionMinutes).toBe(10);
    expect(cost?.trainingMinutes).toBeGreaterThan(0);
    expect(cost?.usd).toBeCloseTo(10 * 0.02 + (cost?.trainingMinutes ?? 0), 6);
    expect(plan.totals).toMatchObject({ migrate: 1, recognitionMinutes: 10 });
  });
});
