import type { Measurement, MeasurementReason, SentParameters } from './measurement.js';

/**
 * An upgrade's verification selects the version it recognises with; the watch lets IBM take the
 * newest the model has. Right after the upgrade both are the same version, so the two queries match.
 */
const SELECTS_THE_VERSION = 'base_model_version';

/** The parameters that differ between two queries, by IBM's names; `base_model_version` aside. */
export function differentParameters(a: SentParameters, b: SentParameters): string[] {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  names.delete(SELECTS_THE_VERSION);
  return [...names].filter((name) => a[name] !== b[name]).sort();
}

/**
 * Why `current` cannot be compared with `baseline`, if it cannot: a WER measured with other
 * parameters or another test set differs for reasons that are nobody's news (an operator's new
 * pinned parameter, an upgrade verified with other parameters than the watch pins, a test set that
 * grew or was sampled).
 */
export function incomparable(
  baseline: Pick<Measurement, 'testSet' | 'utterances' | 'parameters'>,
  current: Pick<Measurement, 'testSet' | 'utterances' | 'parameters'>,
): Extract<MeasurementReason, 'parameters-changed' | 'test-set-changed'> | undefined {
  if (baseline.testSet !== current.testSet || baseline.utterances !== current.utterances)
    return 'test-set-changed';
  if (differentParameters(baseline.parameters, current.parameters).length > 0) return 'parameters-changed';
  return undefined;
}
