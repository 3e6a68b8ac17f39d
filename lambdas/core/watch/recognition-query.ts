import { capabilitiesOf, familyOf } from '../model/index.js';
import type { SentParameters } from './measurement.js';
import type { PinnedRecognition } from './watch-settings.js';

export interface WatchQuery {
  /** What every request of the measurement sends, by IBM's query parameter names. */
  readonly parameters: SentParameters;
  /** Pinned parameters IBM does not support for the model's family: never sent, and said so. */
  readonly leftOut: readonly string[];
}

/**
 * The query of a measurement: the model, its customization, then the operator's pinned parameters.
 * Nothing is left to IBM's choice that the operator pinned, and nothing is sent that the family
 * refuses (large speech models: acoustic customization, grammars, keywords, ...).
 */
export function watchQuery(
  model: { readonly baseModelName: string; readonly customizationId: string },
  pinned: PinnedRecognition,
): WatchQuery {
  const unsupported = new Set(capabilitiesOf(familyOf(model.baseModelName)).unsupportedRecognitionParameters);
  const wanted: SentParameters = {
    ...pinned.other,
    ...(pinned.customizationWeight !== undefined && { customization_weight: pinned.customizationWeight }),
    ...(pinned.parameterSet !== undefined && { parameter_set: pinned.parameterSet }),
    // IBM: a smart formatting version applies with smart formatting on.
    ...(pinned.smartFormattingVersion !== undefined && {
      smart_formatting: true,
      smart_formatting_version: pinned.smartFormattingVersion,
    }),
  };
  const parameters: SentParameters = {
    model: model.baseModelName,
    language_customization_id: model.customizationId,
  };
  const leftOut: string[] = [];
  for (const [name, value] of Object.entries(wanted)) {
    if (name === 'model' || name === 'language_customization_id' || name === 'base_model_version') continue;
    if (unsupported.has(name)) leftOut.push(name);
    else parameters[name] = value;
  }
  return { parameters, leftOut };
}
