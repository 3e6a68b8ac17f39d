import { describe, expect, it } from 'vitest';
import { transcriptsKey as reportTranscriptsKey } from '#core/report/upgrade-report.js';
import { recognitionParameters } from '#core/verification/recognition-parameters.js';
import {
  keyPart,
  transcriptBatchKey,
  verificationTranscriptsPrefix,
} from '#core/verification/transcript-keys.js';
import { versionBefore } from '#core/verification/verification-decision.js';
import { percent } from '#core/verification/verification-summary.js';
import { transcriptsKey as watchTranscriptsKey } from '#core/watch/watch-run.js';

describe('object keys of transcripts', () => {
  it('puts a verification’s batches under its run and model, numbered to sort', () => {
    const prefix = verificationTranscriptsPrefix('run 1', 'lm/1');
    expect(prefix).toBe('_upgrader/transcripts/verifications/run%201/lm%2F1/');
    expect(transcriptBatchKey(prefix, 7)).toBe(`${prefix}batch-00007.json`);
  });

  it.each(['', '.', '..'])('refuses %j as a key segment: it would climb or vanish', (id) => {
    expect(() => keyPart(id)).toThrow('cannot name an object key segment');
  });

  it('names the watch’s and the report’s transcripts', () => {
    expect(watchTranscriptsKey('prod', 'lm-1', 'w-1')).toBe('_watch/prod/lm-1/w-1.jsonl');
    expect(reportTranscriptsKey({ runId: 'run-1', customizationId: 'lm-1' })).toBe('run-1/lm-1');
  });
});

describe('what a verification recognises with', () => {
  it.each([
    {
      model: {
        kind: 'language' as const,
        customizationId: 'lm',
        baseModelName: 'en-US_Telephony',
        languageModelId: null,
      },
      weight: 0.3,
      parameters: { model: 'en-US_Telephony', languageCustomizationId: 'lm', customizationWeight: 0.3 },
    },
    {
      model: {
        kind: 'acoustic' as const,
        customizationId: 'am',
        baseModelName: 'en-US_BroadbandModel',
        languageModelId: 'lm',
      },
      weight: undefined,
      parameters: {
        model: 'en-US_BroadbandModel',
        acousticCustomizationId: 'am',
        languageCustomizationId: 'lm',
      },
    },
    {
      model: {
        kind: 'acoustic' as const,
        customizationId: 'am',
        baseModelName: 'en-US_BroadbandModel',
        languageModelId: null,
      },
      weight: undefined,
      parameters: { model: 'en-US_BroadbandModel', acousticCustomizationId: 'am' },
    },
  ])('a $model.kind model with weight $weight', ({ model, weight, parameters }) => {
    expect(recognitionParameters(model, weight)).toEqual(parameters);
  });

  it.each([
    [
      ['en-US_BroadbandModel.v2018-07-31', 'en-US_BroadbandModel.v2020-01-16'],
      'en-US_BroadbandModel.v2020-01-16',
    ],
    [
      ['en-US_BroadbandModel.v2020-01-16', 'en-US_BroadbandModel.v2018-07-31'],
      'en-US_BroadbandModel.v2020-01-16',
    ],
    [['en-US.rel-a'], 'en-US.rel-a'],
    [[], null],
  ])('was on the newest of %j before its upgrade: %s', (versions, before) => {
    const base = versions[0]?.split('.')[0] ?? 'en-US_BroadbandModel';
    expect(versionBefore(versions, base)).toBe(before);
  });

  it.each([
    [0.1234, '12.34%'],
    [0, '0.00%'],
    [null, '-'],
    [undefined, '-'],
  ])('shows a rate of %s as %s', (rate, shown) => {
    expect(percent(rate)).toBe(shown);
  });
});
