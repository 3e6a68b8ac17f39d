import { wavSeconds } from '#core/verification/audio-length.js';
import type { MeasuredUtterance, PinnedRecognizer, SentParameters } from '#core/watch/index.js';
import { mapWithConcurrency } from './concurrency.js';
import { loadTestSet, type TestSetSource } from './test-set-source.js';

/**
 * Recognises every utterance of a test set with exactly one query, `concurrency` requests in flight:
 * the transcripts in the set's order, and IBM's warnings as they came.
 */
export async function recognisePinned(
  source: TestSetSource,
  recognizer: PinnedRecognizer,
  parameters: SentParameters,
  concurrency: number,
): Promise<{ readonly recognised: MeasuredUtterance[]; readonly warnings: string[] }> {
  const utterances = await loadTestSet(source);
  const warnings: string[] = [];
  const recognised = await mapWithConcurrency(utterances, concurrency, async (utterance) => {
    const audio = await source.readAudio(utterance.audio);
    const answer = await recognizer.recognize({ audio, contentType: utterance.contentType, parameters });
    warnings.push(...answer.warnings);
    return {
      audio: utterance.audio,
      reference: utterance.reference,
      transcript: answer.transcript,
      audioSeconds: wavSeconds(audio) ?? null,
    };
  });
  return { recognised, warnings };
}
