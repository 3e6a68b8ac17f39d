import { describe, expect, it } from 'vitest';
import { fleetInputFromSelection, fleetSelectionSchema } from '#local/fleet-flags.js';

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
});
