import type { RecognitionParameters } from '../verification/recognition-parameters.js';

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
