import { describe, expect, it } from 'vitest';
import { differentParameters } from '#core/watch/comparability.js';

describe('differentParameters', () => {
  it('names the parameters that differ, by IBM name and sorted, whichever side has them', () => {
    expect(
      differentParameters(
        { model: 'en-US', customization_weight: 0.5, smart_formatting_version: 2 },
        { model: 'en-US', customization_weight: 0.3, parameter_set: 'telephony' },
      ),
    ).toEqual(['customization_weight', 'parameter_set', 'smart_formatting_version']);
  });

  it('leaves out base_model_version: the upgrade selects it and the watch takes the newest, the same version', () => {
    expect(
      differentParameters(
        { model: 'en-US_BroadbandModel', base_model_version: 'en-US_BroadbandModel.v2026-11-24' },
        { model: 'en-US_BroadbandModel' },
      ),
    ).toEqual([]);
  });
});
