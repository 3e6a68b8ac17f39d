import { describe, expect, it } from 'vitest';
import { readUpgradeStatement } from '#core/release/notes/upgrade-statement.js';

function requirement(...sentences: string[]) {
  return readUpgradeStatement(null, sentences).upgradeRequired;
}

describe('readUpgradeStatement', () => {
  it.each([
    'If you have custom language or custom acoustic models that are based on the models, you must upgrade your existing custom models.',
    '*You need to upgrade any custom models that are based on the `fr-CA_Telephony` model.*',
    'Custom language models that are based on the model must be upgraded.',
  ])('reads an upgrade requirement in "%s"', (sentence) => {
    expect(requirement(sentence)).toBe(true);
  });

  it.each([
    'You do not need to upgrade custom models that are based on these models.',
    'The upgrade does not affect existing custom models based on the model.',
    'No upgrade of existing custom models is required.',
    'The update does not require an upgrade of custom models.',
    "Custom acoustic models don't need to be upgraded.",
  ])('reads "no upgrade needed" in "%s"', (sentence) => {
    expect(requirement(sentence)).toBe(false);
  });

  it('reads an upgrade by retraining for improved next-generation customization', () => {
    expect(requirement('You must upgrade your existing custom language models by retraining them.')).toBe(
      'retrain',
    );
  });

  it('does not read a mere mention of retraining as a requirement', () => {
    expect(
      requirement('Custom models that you retrain after this date use the improved customization.'),
    ).toBeNull();
  });

  it('reads the "(upgrade required)" of a title, but not "(no upgrade required)"', () => {
    expect(
      readUpgradeStatement('Update Japanese telephony model (upgrade required)', []).upgradeRequired,
    ).toBe(true);
    expect(
      readUpgradeStatement('Update Japanese telephony model (no upgrade required)', []).upgradeRequired,
    ).toBe(false);
  });

  it('says nothing when the entry says nothing about custom models', () => {
    expect(requirement('The model was updated for improved speech recognition.')).toBeNull();
    expect(requirement('You must upgrade the service before you upgrade the platform.')).toBeNull();
  });

  it('lets a requirement win over a "no need" for other models', () => {
    const statement = readUpgradeStatement(null, [
      'You must upgrade custom language models that are based on the model.',
      'Custom acoustic models do not need to be upgraded.',
    ]);
    expect(statement.upgradeRequired).toBe(true);
    expect(statement.namedTypes).toEqual(['language']);
  });

  it('takes the custom model types from the requiring sentence and from the listed methods', () => {
    const both = readUpgradeStatement(null, [
      'If you have custom language or custom acoustic models, you must upgrade them.',
    ]);
    expect(both.namedTypes).toEqual(['language', 'acoustic']);
    const fromMethods = readUpgradeStatement(null, [
      'You must upgrade your existing custom models by using the following methods:',
      '`POST /v1/acoustic_customizations/{customization_id}/upgrade_model`',
    ]);
    expect(fromMethods.namedTypes).toEqual(['acoustic']);
  });
});
