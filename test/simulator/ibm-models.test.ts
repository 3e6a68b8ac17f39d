import { describe, expect, it } from 'vitest';
import { capabilitiesOf, familyOf, LARGE_SPEECH_MODEL_LOCALES, type ModelFamily } from '#core/model/index.js';
import {
  type BaseModelFamily,
  baseModelFamily,
  familyRules,
  LARGE_SPEECH_MODEL_NAMES,
} from '#simulator/ibm-models.js';

// The simulator keeps its own copy of IBM's facts; when the upgrader's copy changes, this says so
// instead of the simulated IBM quietly following.
describe("the simulator's IBM facts agree with the upgrader's", () => {
  it('offers the same large speech models', () => {
    expect([...LARGE_SPEECH_MODEL_NAMES].sort()).toEqual([...LARGE_SPEECH_MODEL_LOCALES].sort());
  });

  it.each([
    ['en-US_BroadbandModel', false],
    ['en-US_ShortForm_NarrowbandModel', false],
    ['fr-CA_Telephony', false],
    ['en-US_Telephony', true],
    ['en-US', false],
    ['nl-NL', false],
  ])('tells the family of %s (improved: %s) as the upgrader does', (name, improved) => {
    const upgrader: ModelFamily = familyOf(name, new Set(improved ? [name] : []));
    expect(baseModelFamily(name, improved)).toBe(upgrader);
  });

  it.each<BaseModelFamily>([
    'previous-generation',
    'next-generation',
    'improved-next-generation',
    'large-speech-model',
  ])('gives %s the same customizations and default weight', (family) => {
    const { acousticCustomization, grammars, defaultCustomizationWeight } = capabilitiesOf(family);
    expect(familyRules(family)).toEqual({ acousticCustomization, grammars, defaultCustomizationWeight });
  });
});
