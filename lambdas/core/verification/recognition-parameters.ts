import type { ModelKind } from '../model/custom-model.js';

/**
 * What a comparison sends on every recognition request, the same for both versions: only
 * `base_model_version` differs between the two runs.
 */
export interface RecognitionParameters {
  /** The base model name (`model`). */
  readonly model: string;
  readonly languageCustomizationId?: string;
  readonly acousticCustomizationId?: string;
  /** Sent on both runs when configured: its default differs by model family. */
  readonly customizationWeight?: number;
}

/** The model being verified, as the verification sees it. */
export interface VerifiedModel {
  readonly kind: ModelKind;
  readonly customizationId: string;
  readonly baseModelName: string;
  /** An acoustic model trained with this custom language model is recognised with it. */
  readonly languageModelId: string | null;
}

/**
 * A language model is recognised alone; an acoustic model with the language model it was trained
 * with, if any, so the comparison measures what its clients get.
 */
export function recognitionParameters(
  model: VerifiedModel,
  customizationWeight: number | undefined,
): RecognitionParameters {
  const customizations =
    model.kind === 'language'
      ? { languageCustomizationId: model.customizationId }
      : {
          acousticCustomizationId: model.customizationId,
          ...(model.languageModelId !== null && { languageCustomizationId: model.languageModelId }),
        };
  return {
    model: model.baseModelName,
    ...customizations,
    ...(customizationWeight !== undefined && { customizationWeight }),
  };
}

/** One recognition: the audio and its type, the shared parameters, and the version to run. */
export interface RecognitionRequest {
  readonly audio: Uint8Array;
  readonly contentType: string;
  readonly parameters: RecognitionParameters;
  /** Absent: the service's choice, the newest version the customizations have. */
  readonly baseModelVersion?: string;
}

/** IBM's answer, reduced to what verification uses. */
export interface Recognition {
  /** Every final result's first alternative, in order. */
  readonly transcript: string;
  readonly warnings: readonly string[];
}

/** `/v1/recognize` of one instance. Fails with an `SttError` (Transient for 429, 5xx, network). */
export interface Recognizer {
  recognize(request: RecognitionRequest): Promise<Recognition>;
}
