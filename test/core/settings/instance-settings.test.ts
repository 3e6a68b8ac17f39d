import { describe, expect, it } from 'vitest';
import {
  instanceSettingsSchema,
  retrainOptedIn,
  testSetFor,
  watchEnabled,
} from '#core/settings/instance-settings.js';
import { formatOfFileName } from '#core/settings/pairing-file.js';
import { emptyOperatorPairings } from '#core/settings/settings-documents.js';

describe('instance settings', () => {
  it.each([
    [undefined, false, false],
    [true, false, true],
    [false, true, true],
    [undefined, true, true],
  ])('a run opting in %s on an instance retraining %s retrains: %s', (run, instance, retrains) => {
    expect(retrainOptedIn(run, { retrainImprovedModels: instance })).toBe(retrains);
  });

  it.each([
    { id: 'lm-1', base: 'en-US', set: 'by-model' },
    { id: 'lm-2', base: 'en-US', set: 'by-base' },
    { id: 'lm-2', base: 'fr-FR', set: 'fallback' },
  ])('verifies $id on $base with $set', ({ id, base, set }) => {
    const mapping = {
      byModel: { 'lm-1': 'by-model' },
      byBaseModel: { 'en-US': 'by-base' },
      default: 'fallback',
    };
    expect(testSetFor(mapping, id, base)).toBe(set);
    expect(testSetFor({ byModel: {}, byBaseModel: {} }, id, base)).toBeNull();
  });

  it.each([
    { testSets: { byModel: {}, byBaseModel: {} }, enabled: true, watched: false },
    {
      testSets: { byModel: { '0a000000-0000-4000-8000-000000000001': 'calls' }, byBaseModel: {} },
      enabled: true,
      watched: true,
    },
    { testSets: { byModel: {}, byBaseModel: {}, default: 'calls' }, enabled: true, watched: true },
    {
      testSets: { byModel: { '0a000000-0000-4000-8000-000000000001': 'calls' }, byBaseModel: {} },
      enabled: false,
      watched: false,
    },
  ])(
    'watches an instance mapping $testSets, watch enabled $enabled: $watched',
    ({ testSets, enabled, watched }) => {
      const settings = instanceSettingsSchema.parse({ testSets });
      expect(watchEnabled({ testSets: settings.testSets, watch: { ...settings.watch, enabled } })).toBe(
        watched,
      );
    },
  );
});

describe('pairing files and documents', () => {
  it.each([
    ['pairings.csv', 'csv'],
    ['PAIRINGS.JSON', 'json'],
    ['pairings.txt', undefined],
  ])('reads %s as %s', (name, format) => {
    expect(formatOfFileName(name)).toBe(format);
  });

  it('starts the operator’s pairings empty, a new document each time', () => {
    const first = emptyOperatorPairings();
    expect(first).toEqual({ instances: {} });
    expect(emptyOperatorPairings()).not.toBe(first);
  });
});
