import type SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';
import { z } from 'zod';
import { ErrorName, SttError } from '#core/contract/errors.js';
import { RECOGNITION_TIMEOUT_SECONDS } from '#core/contract/lambda-tasks/function-timeouts.js';
import { describeIssues } from '#core/contract/parse.js';
import { wavSeconds } from '#core/verification/audio-length.js';
import type {
  Recognition,
  RecognitionRequest,
  Recognizer,
} from '#core/verification/recognition-parameters.js';
import type { RecognisedUtterance } from '#core/verification/verification-outcome.js';
import type { SttConnection } from './connection.js';
import { toSttError } from './errors.js';
import { createSdkClient } from './sdk-client.js';

/** IBM's answer (SpeechRecognitionResults): one final result per pause, warnings beside them. */
const recognitionAnswerSchema = z.object({
  results: z
    .array(
      z.object({
        final: z.boolean(),
        alternatives: z.array(z.object({ transcript: z.string() })).min(1),
      }),
    )
    .default([]),
  warnings: z.array(z.string()).default([]),
});

/** `/v1/recognize` through the official SDK. */
export class SdkRecognizer implements Recognizer {
  constructor(private readonly sdk: SpeechToTextV1) {}

  async recognize(request: RecognitionRequest): Promise<Recognition> {
    const { parameters } = request;
    const subject = parameters.acousticCustomizationId ?? parameters.languageCustomizationId;
    let body: unknown;
    try {
      const answer = await this.sdk.recognize({
        audio: Buffer.from(request.audio.buffer, request.audio.byteOffset, request.audio.byteLength),
        contentType: request.contentType,
        model: parameters.model,
        ...(request.baseModelVersion !== undefined && { baseModelVersion: request.baseModelVersion }),
        ...(parameters.languageCustomizationId !== undefined && {
          languageCustomizationId: parameters.languageCustomizationId,
        }),
        ...(parameters.acousticCustomizationId !== undefined && {
          acousticCustomizationId: parameters.acousticCustomizationId,
        }),
        ...(parameters.customizationWeight !== undefined && {
          customizationWeight: parameters.customizationWeight,
        }),
      });
      body = answer.result;
    } catch (error) {
      throw toSttError('recognize', subject, error);
    }
    const parsed = recognitionAnswerSchema.safeParse(body);
    if (!parsed.success) {
      const issues = describeIssues(parsed.error).join('; ');
      throw new SttError(
        ErrorName.InvalidResponse,
        `recognize ${subject ?? parameters.model}: the answer does not have the documented shape (${issues})`,
        { ibmMessage: issues },
      );
    }
    return {
      // IBM ends each result's transcript with a space; joined in order they are the whole utterance.
      transcript: parsed.data.results
        .filter((result) => result.final)
        .map((result) => result.alternatives[0]?.transcript ?? '')
        .join('')
        .trim(),
      warnings: parsed.data.warnings,
    };
  }
}

/** A recognizer for one instance, its client made as the customization client is. */
export function createRecognizer(connection: SttConnection): Recognizer {
  return new SdkRecognizer(createSdkClient(connection, RECOGNITION_TIMEOUT_SECONDS));
}

/**
 * One utterance recognised with the old and then the new version, with identical parameters
 * otherwise: the pair the comparison scores.
 */
export async function recogniseBothVersions(
  recognizer: Recognizer,
  utterance: { readonly reference: string; readonly audio: Uint8Array; readonly contentType: string },
  comparison: {
    readonly parameters: RecognitionRequest['parameters'];
    readonly oldVersion: string;
    readonly newVersion: string;
  },
): Promise<RecognisedUtterance> {
  const request = {
    audio: utterance.audio,
    contentType: utterance.contentType,
    parameters: comparison.parameters,
  };
  const old = await recognizer.recognize({ ...request, baseModelVersion: comparison.oldVersion });
  const recognisedNew = await recognizer.recognize({ ...request, baseModelVersion: comparison.newVersion });
  return {
    reference: utterance.reference,
    old: { transcript: old.transcript, warnings: [...old.warnings] },
    new: { transcript: recognisedNew.transcript, warnings: [...recognisedNew.warnings] },
    audioSeconds: wavSeconds(utterance.audio) ?? null,
  };
}
