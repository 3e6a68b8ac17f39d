import { describe, expect, it } from 'vitest';
import { fleetInputFromSelection, fleetSelectionArgs, fleetSelectionSchema } from '#cli/flags/fleet-flags.js';
import { parseFlags } from '#cli/flags/parse-flags.js';
import { InvalidInputError } from '#core/contract/errors.js';
import { localFlags, localUsage } from '#demo/local-options.js';

const trigger = { type: 'manual', id: 'alice' } as const;

describe('fleet flags', () => {
  it('--retrain opts the run in to retraining improved models, and --no-strict trains past invalid resources', () => {
    const input = fleetInputFromSelection(
      fleetSelectionSchema.parse({ retrain: true, 'no-strict': true }),
      trigger,
      false,
    );
    expect(input.options).toMatchObject({ retrainImprovedModels: true, strictTraining: false });
  });

  it('leave retraining off and training strict without them', () => {
    const input = fleetInputFromSelection(fleetSelectionSchema.parse({}), trigger, true);
    expect(input.options).toEqual({ dryRun: true });
  });

  it('reads --pairing AM_ID=LM_ID, and reports a bad one as typed, under --pairing', () => {
    const am = '5c2f6b7e-1d3a-4f0e-9b8a-2e4d6c8a0b1f';
    const lm = '74f4807e-b5ff-4866-824e-6bba1a84fe96';
    const parse = (...pairings: string[]) =>
      parseFlags(
        pairings.flatMap((p) => ['--pairing', p]),
        fleetSelectionArgs,
        fleetSelectionSchema,
      );
    expect(parse(`${am}=${lm}`).pairing).toEqual([{ acousticModelId: am, languageModelId: lm }]);
    const issues = (...pairings: string[]) => {
      try {
        parse(...pairings);
      } catch (error) {
        if (error instanceof InvalidInputError) return error.issues;
      }
      throw new Error('accepted');
    };
    expect(issues(`${am}=claims`)).toEqual([
      `--pairing: '${am}=claims' must be AM_ID=LM_ID, the acoustic model's customization id, then its language model's: 'claims' is not a customization id`,
    ]);
    expect(issues(am)).toEqual([
      `--pairing: '${am}' must be AM_ID=LM_ID, the acoustic model's customization id, then its language model's`,
    ]);
  });

  it("npm start's help names every flag its parser accepts", () => {
    for (const flag of Object.keys(localFlags)) expect(localUsage).toMatch(new RegExp(`--${flag}(?![a-z-])`));
  });
});
