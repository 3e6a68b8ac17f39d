import { describe, expect, it } from 'vitest';
import {
  capabilitiesOf,
  familyOf,
  LARGE_SPEECH_MODEL_LOCALES,
  refusedOperation,
  resourceListingFor,
} from '#core/model/index.js';
import { trainOptionsFor } from '#core/unit/steps/step-request.js';

describe('model families', () => {
  it('tells the four families apart by base model name', () => {
    expect(familyOf('en-US_BroadbandModel')).toBe('previous-generation');
    expect(familyOf('en-US_ShortForm_NarrowbandModel')).toBe('previous-generation');
    expect(familyOf('fr-CA_Telephony')).toBe('next-generation');
    expect(familyOf('en-US_Telephony', new Set(['en-US_Telephony']))).toBe('improved-next-generation');
    expect(familyOf('en-US')).toBe('large-speech-model');
    expect(familyOf('nl-NL')).toBe('large-speech-model');
    // Locales without a large speech model are not taken for one.
    expect(familyOf('ko-KR')).toBe('next-generation');
  });

  it("lists IBM's large speech model locales once each", () => {
    expect(new Set(LARGE_SPEECH_MODEL_LOCALES).size).toBe(LARGE_SPEECH_MODEL_LOCALES.length);
    expect(LARGE_SPEECH_MODEL_LOCALES).toHaveLength(18);
  });

  it("holds IBM's default customization weights", () => {
    expect(capabilitiesOf('large-speech-model').defaultCustomizationWeight).toBe(0.5);
    expect(capabilitiesOf('previous-generation').defaultCustomizationWeight).toBe(0.3);
    expect(capabilitiesOf('next-generation').defaultCustomizationWeight).toBe(0.2);
    expect(capabilitiesOf('improved-next-generation').defaultCustomizationWeight).toBe(0.1);
  });

  it('refuses acoustic and grammar operations on large speech models, and force on Cloud Pak for Data', () => {
    expect(refusedOperation('acoustic', 'large-speech-model', 'cloud')).toMatch(/large speech models/);
    expect(refusedOperation('grammar', 'large-speech-model', 'cloud')).toMatch(/grammars/);
    expect(refusedOperation('acoustic', 'previous-generation', 'cloud')).toBeNull();
    expect(refusedOperation('grammar', 'next-generation', 'cloud')).toBeNull();
    expect(refusedOperation('train-force', 'improved-next-generation', 'cloud-pak')).toMatch(/Cloud Pak/);
    expect(refusedOperation('train-force', 'improved-next-generation', 'cloud')).toBeNull();
  });

  it('lists grammars only where the family has them', () => {
    expect(resourceListingFor('en-US')).toEqual({ grammars: false });
    expect(resourceListingFor('en-US_Telephony')).toEqual({ grammars: true });
  });
});

describe('retraining on each platform', () => {
  it('sends force on IBM Cloud only: Cloud Pak for Data refuses it', () => {
    expect(trainOptionsFor({ options: { strictTraining: true } }, 'cloud')).toEqual({ force: true });
    expect(trainOptionsFor({ options: { strictTraining: true } }, 'cloud-pak')).toEqual({});
    expect(trainOptionsFor({ options: { strictTraining: false } }, 'cloud-pak')).toEqual({ strict: false });
  });
});
