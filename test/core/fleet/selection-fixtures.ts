import { fleetInputSchema } from '#core/fleet/fleet-input.js';
import type { InstanceModels } from '#core/fleet/unit-selection.js';

/** A scheduled scan's fleet input, with `extra` fields. */
export const input = (extra: Record<string, unknown> = {}) =>
  fleetInputSchema.parse({ trigger: { type: 'schedule', id: '2026-12-01' }, ...extra });

/** The instance `prod` holding `models`, with no pairings and no with-language-model step done. */
export const instance = (models: Partial<InstanceModels>): InstanceModels => ({
  instanceId: 'prod',
  languageModels: [],
  acousticModels: [],
  pairings: [],
  languageModelStepsDone: new Set(),
  ...models,
});
