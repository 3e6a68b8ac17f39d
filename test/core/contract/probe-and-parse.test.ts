import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ErrorName } from '#core/contract/errors.js';
import { describeIssues, parseOrThrow } from '#core/contract/parse.js';
import { probeRequest, probeSaysBehind } from '#core/fleet/probe.js';
import { modelLabel } from '#core/model/model-label.js';

describe('the probe', () => {
  it('asks with the model alone, on the version IBM chooses', () => {
    const request = probeRequest({
      kind: 'language',
      customizationId: 'lm-1',
      baseModelName: 'en-US_BroadbandModel',
    });
    expect(request.contentType).toBe('audio/wav');
    expect(request.parameters).toMatchObject({
      model: 'en-US_BroadbandModel',
      languageCustomizationId: 'lm-1',
    });
    expect(request.parameters).not.toHaveProperty('baseModelVersion');
  });

  it.each([
    [['Using previous version of base model, because your custom model has been built with it.'], true],
    [['using PREVIOUS version of base model'], true],
    [['Unknown arguments: foo.'], false],
    [[], false],
  ])('warnings %j say behind: %s', (warnings, behind) => {
    expect(probeSaysBehind(warnings)).toBe(behind);
  });
});

describe('parsing outside input', () => {
  const schema = z.object({ items: z.array(z.object({ id: z.string() })) });

  it('names every offending field by its path', () => {
    const result = schema.safeParse({ items: [{ id: 'a' }, { id: 7 }] });
    if (result.success) throw new Error('expected a failure');
    expect(describeIssues(result.error)).toEqual([expect.stringMatching(/^items\.1\.id: /)]);
  });

  it('throws InvalidInput naming what was parsed, or returns the parsed value', () => {
    expect(() => parseOrThrow(schema, { items: 'none' }, 'Fleet input')).toThrow(
      expect.objectContaining({
        name: ErrorName.InvalidInput,
        message: expect.stringMatching(/^Fleet input is invalid: items: /),
      }),
    );
    expect(parseOrThrow(schema, { items: [] }, 'Fleet input')).toEqual({ items: [] });
  });
});

describe('modelLabel', () => {
  it('names a model by kind and id, and by name when known', () => {
    expect(modelLabel({ kind: 'acoustic', customizationId: 'am-1' })).toBe('acoustic model am-1');
    expect(modelLabel({ kind: 'language', customizationId: 'lm-1' }, 'claims')).toBe(
      'language model lm-1 ("claims")',
    );
  });
});
