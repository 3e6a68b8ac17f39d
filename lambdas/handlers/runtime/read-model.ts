import type { CustomModel, SttService } from '#core/model/custom-model.js';
import type { ModelRef } from '#core/unit/unit-state.js';

/** The model a task is about, read from IBM with the call for its kind. */
export function readModel(
  stt: SttService,
  ref: Pick<ModelRef, 'kind' | 'customizationId'>,
): Promise<CustomModel> {
  return ref.kind === 'language'
    ? stt.getLanguageModel(ref.customizationId)
    : stt.getAcousticModel(ref.customizationId);
}
