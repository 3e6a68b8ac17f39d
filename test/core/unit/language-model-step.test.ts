import { describe, expect, it } from 'vitest';
import {
  currentVersionEntry,
  languageModelStepKey,
  owesLanguageModelStep,
  versionOwingLanguageModelStep,
} from '#core/unit/language-model-step.js';

const base = 'en-US_BroadbandModel';
const old = `${base}.v2020-01-16`;
const current = `${base}.v2026-12-01`;

describe('the with-language-model step', () => {
  it('names the newest dated version a model is on, whatever the order IBM lists them in', () => {
    expect(currentVersionEntry({ baseModelName: base, versions: [current, old] })).toBe(current);
  });

  it('falls back to the last listed version when none is dated', () => {
    expect(currentVersionEntry({ baseModelName: 'en-US', versions: ['en-US.3f2a', 'en-US.9c1b'] })).toBe(
      'en-US.9c1b',
    );
    expect(currentVersionEntry({ baseModelName: base, versions: [] })).toBeNull();
  });

  it('keys a done step by model and version', () => {
    expect(languageModelStepKey('abc', current)).toBe(`abc#${current}`);
  });

  it.each([
    ['not trained with a language model', false, [], false],
    ['trained with it, no record on its version', true, [old], true],
    ['trained with it, recorded on its version', true, [current], false],
  ])('%s: owes %s', (_, paired, done, owes) => {
    const model = { baseModelName: base, versions: [old, current] };
    expect(owesLanguageModelStep(model, paired, (version) => done.includes(version))).toBe(owes);
  });

  it.each([
    ['not trained with a language model: nothing to look up', false, null],
    ['trained with it: the version it is on', true, current],
  ])('%s', (_, paired, version) => {
    const model = { baseModelName: base, versions: [old, current] };
    expect(versionOwingLanguageModelStep(model, paired)).toBe(version);
  });

  it('a model trained with it but on no version owes nothing', () => {
    expect(versionOwingLanguageModelStep({ baseModelName: base, versions: [] }, true)).toBeNull();
  });
});
