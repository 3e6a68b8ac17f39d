import { describe, expect, it } from 'vitest';
import {
  isPreviousGeneration,
  PROSE_LANGUAGES,
  proseModelNames,
  writtenModelNames,
} from '#core/release/notes/model-names.js';

describe('writtenModelNames', () => {
  it('keeps names exactly as written, once each, in order', () => {
    const text =
      'The `pt-BR_BroadbandModel` and pt-BR_NarrowbandModel models, `en-WW_Medical_Telephony`, `en-US_ShortForm_NarrowbandModel` and `pt-BR_BroadbandModel` again.';
    expect(writtenModelNames(text)).toEqual([
      'pt-BR_BroadbandModel',
      'pt-BR_NarrowbandModel',
      'en-WW_Medical_Telephony',
      'en-US_ShortForm_NarrowbandModel',
    ]);
  });

  it('does not take API paths or parameters for model names', () => {
    expect(
      writtenModelNames('POST /v1/customizations/{customization_id}/upgrade_model with end_of_phrase'),
    ).toEqual([]);
  });
});

describe('proseModelNames', () => {
  it.each([
    ['the US English broadband and narrowband models', ['en-US_BroadbandModel', 'en-US_NarrowbandModel']],
    ['The French Canadian next-generation telephony model', ['fr-CA_Telephony']],
    ['the French broadband model', ['fr-FR_BroadbandModel']],
    [
      'The Castilian Spanish and Latin American Spanish telephony and multimedia models',
      ['es-ES_Telephony', 'es-ES_Multimedia', 'es-LA_Telephony', 'es-LA_Multimedia'],
    ],
    [
      'German, Italian, and Japanese previous-generation narrowband models',
      ['de-DE_NarrowbandModel', 'it-IT_NarrowbandModel', 'ja-JP_NarrowbandModel'],
    ],
    ['The Brazilian Portuguese multimedia model', ['pt-BR_Multimedia']],
  ])('maps "%s"', (prose, names) => {
    expect(proseModelNames(prose)).toEqual(names);
  });

  it('maps nothing when the kind of model is not said or the language is ambiguous', () => {
    expect(proseModelNames('the US English models')).toEqual([]);
    expect(proseModelNames('the English telephony model')).toEqual([]);
  });

  it('lists longer language names before the names they contain, so the longest wins', () => {
    PROSE_LANGUAGES.forEach(([name], index) => {
      const shorterEarlier = PROSE_LANGUAGES.slice(0, index).find(([earlier]) =>
        new RegExp(`\\b${earlier}\\b`).test(name),
      );
      expect(shorterEarlier).toBeUndefined();
    });
  });
});

describe('isPreviousGeneration', () => {
  it('tells broadband/narrowband models from next-generation ones', () => {
    expect(isPreviousGeneration('en-US_ShortForm_NarrowbandModel')).toBe(true);
    expect(isPreviousGeneration('en-US_BroadbandModel')).toBe(true);
    expect(isPreviousGeneration('fr-CA_Telephony')).toBe(false);
  });
});
