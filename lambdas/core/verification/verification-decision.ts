import { newestVersion } from '../model/base-model-version.js';
import type { CustomModel } from '../model/custom-model.js';
import { currentVersionEntry } from '../unit/language-model-step.js';
import {
  type RecognitionParameters,
  recognitionParameters,
  type VerifiedModel,
} from './recognition-parameters.js';

/**
 * Utterances one recognise task takes: ten requests (old and new), a few minutes at most for clips of
 * up to half a minute, well inside the task's timeout; a retry repeats only these.
 */
export const UTTERANCES_PER_BATCH = 5;

/** The version a model was on before its upgrade: the newest of the versions it had then. */
export function versionBefore(versionsBefore: readonly string[], baseModelName: string): string | null {
  return newestVersion(versionsBefore, baseModelName).newest?.entry ?? versionsBefore.at(-1) ?? null;
}

/** What the prepare phase decided for a model whose upgrade ended. */
export type VerificationDecision =
  /** The upgrade added no version (IBM had nothing to do): nothing to compare and nothing to record. */
  | { readonly kind: 'not-upgraded' }
  | { readonly kind: 'unverified'; readonly reason: string }
  | {
      readonly kind: 'invalid';
      readonly reason: string;
      readonly oldVersion: string;
      readonly newVersion: string;
    }
  | {
      readonly kind: 'recognise';
      readonly testSet: string;
      readonly oldVersion: string;
      readonly newVersion: string;
      readonly parameters: RecognitionParameters;
    };

export interface VerificationReading {
  readonly model: VerifiedModel;
  /** The model's `versions` before its upgrade. */
  readonly versionsBefore: readonly string[];
  /** The model as IBM shows it now. */
  readonly current: Pick<CustomModel, 'versions' | 'baseModelName'>;
  /** The test set configured for the model, if any (see `testSetFor`). */
  readonly testSet: string | null;
  readonly customizationWeight: number | undefined;
}

/**
 * Compare the version before the upgrade with the one it added, on the model's test set. Invalid
 * when the old version is no longer in `versions`: `base_model_version` cannot select it.
 */
export function decideVerification(reading: VerificationReading): VerificationDecision {
  const { model, current } = reading;
  const oldVersion = versionBefore(reading.versionsBefore, model.baseModelName);
  const newVersion = currentVersionEntry(current);
  if (oldVersion === null || newVersion === null || reading.versionsBefore.includes(newVersion)) {
    return { kind: 'not-upgraded' };
  }
  if (reading.testSet === null)
    return { kind: 'unverified', reason: 'no test set is configured for the model' };
  if (!current.versions.includes(oldVersion)) {
    return {
      kind: 'invalid',
      reason: `the old version ${oldVersion} is gone from the model's versions, so recognition cannot select it`,
      oldVersion,
      newVersion,
    };
  }
  return {
    kind: 'recognise',
    testSet: reading.testSet,
    oldVersion,
    newVersion,
    parameters: recognitionParameters(model, reading.customizationWeight),
  };
}

/** The batches of a test set of `utterances`, as the items of the recognise Map: their numbers only. */
export function batchNumbers(utterances: number, perBatch = UTTERANCES_PER_BATCH): number[] {
  return Array.from({ length: Math.ceil(utterances / perBatch) }, (_, batch) => batch);
}

/** The utterances of one batch, as indexes into the manifest: [start, end). */
export function batchRange(
  batch: number,
  utterances: number,
  perBatch = UTTERANCES_PER_BATCH,
): { readonly start: number; readonly end: number } {
  const start = batch * perBatch;
  return { start, end: Math.min(start + perBatch, utterances) };
}
