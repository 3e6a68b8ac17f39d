import { ErrorName } from '../contract/workflow-contract.js';
import type { RecognitionParameters } from '../verification/recognition-parameters.js';
import type { MigrationRecord } from './migration-record.js';

/** The test set a migration is compared on, or why it cannot be compared: it has none. */
export function comparisonTestSet(
  record: Pick<MigrationRecord, 'testSet'>,
): { readonly testSet: string } | { readonly error: ErrorName; readonly reason: string } {
  if (record.testSet) return { testSet: record.testSet };
  return { error: ErrorName.TestSetMissing, reason: 'no test set is configured for it' };
}

/**
 * Identical parameters but the model and the customization: the default weights differ by family
 * (0.5 on large speech models, 0.1 to 0.3 on older ones), so a configured weight goes on both
 * recognitions and otherwise neither gets one.
 */
export function comparisonParameters(
  customizationWeight: number | undefined,
): (model: string, languageCustomizationId: string) => RecognitionParameters {
  return (model, languageCustomizationId) => ({
    model,
    languageCustomizationId,
    ...(customizationWeight !== undefined && { customizationWeight }),
  });
}
