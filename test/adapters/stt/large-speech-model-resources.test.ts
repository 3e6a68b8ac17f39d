import { afterEach, describe, expect, it } from 'vitest';
import { resourceListingFor } from '#core/model/index.js';
import type { RunningSimulator } from '#simulator/index.js';
import { ids, openService, requestsFor, startTestSimulator } from './simulator-fixture.js';

let sim: RunningSimulator | undefined;
afterEach(() => sim?.stop());

describe('listing the resources of a large speech model custom model', () => {
  it('lists corpora and words but never asks IBM for grammars, which it refuses on these models', async () => {
    ({ sim } = await startTestSimulator({
      fleet: {
        languageModels: [
          { customizationId: ids.languageModel, name: 'lsm', baseModelName: 'en-US', words: 30 },
        ],
      },
    }));
    const resources = await openService(sim).languageResources(
      ids.languageModel,
      resourceListingFor('en-US'),
    );
    expect(resources.invalid).toEqual([]);
    expect(resources.totalWords).toBeGreaterThan(0);
    expect(requestsFor(sim, 'list_words')).toHaveLength(1);
    expect(requestsFor(sim, 'list_grammars')).toEqual([]);
  });
});
