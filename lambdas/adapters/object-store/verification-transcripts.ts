import { InvalidInputError } from '#core/contract/errors.js';
import { parseOrThrow } from '#core/contract/parse.js';
import { transcriptBatchKey, verificationTranscriptsPrefix } from '#core/verification/transcript-keys.js';
import type { RecognisedUtterance } from '#core/verification/verification-outcome.js';
import { type RecognisedBatch, recognisedBatchSchema } from '#core/verification/verification-task.js';
import type { ObjectStore } from './object-store.js';

/**
 * Per-utterance transcripts of verifications, in the bucket (never in the history table or a state
 * payload): one JSON object per recognised batch under the prefix the verification record names.
 */
export class VerificationTranscripts {
  constructor(readonly store: ObjectStore) {}

  /** Stores one batch; a retried batch replaces it. Returns the prefix of the model's transcripts. */
  async storeBatch(
    runId: string,
    customizationId: string,
    batch: {
      readonly batch: number;
      readonly utterances: readonly (RecognisedUtterance & { readonly index: number })[];
    },
  ): Promise<string> {
    const valid = parseOrThrow(recognisedBatchSchema, batch, 'recognised batch');
    const prefix = verificationTranscriptsPrefix(runId, customizationId);
    await this.store.put(transcriptBatchKey(prefix, valid.batch), JSON.stringify(valid), 'application/json');
    return prefix;
  }

  /** Every batch under `prefix`, in batch order. */
  async batches(prefix: string): Promise<RecognisedBatch[]> {
    const batches: RecognisedBatch[] = [];
    for (const key of await this.store.list(prefix)) {
      const text = await this.store.get(key);
      if (text === undefined) continue;
      const what = `Transcripts ${this.store.where(key).uri}`;
      batches.push(parseOrThrow(recognisedBatchSchema, parseJson(text, what), what));
    }
    return batches.sort((a, b) => a.batch - b.batch);
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(what, [`not JSON: ${(error as Error).message}`]);
  }
}
