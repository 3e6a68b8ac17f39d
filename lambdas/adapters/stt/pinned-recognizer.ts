import SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';
import { ErrorName, SttError } from '#core/contract/errors.js';
import { RECOGNITION_TIMEOUT_SECONDS } from '#core/contract/lambda-tasks/function-timeouts.js';
import type { PinnedRecognizer } from '#core/watch/index.js';
import type { SttConnection } from './connection.js';
import { toSttError } from './errors.js';
import { createSdkClient } from './sdk-client.js';

/** Query parameters the SDK's `recognize` takes, by IBM's name; it rejects any other. */
const sdkParameters = new Set([
  'model',
  'language_customization_id',
  'customization_weight',
  'inactivity_timeout',
  'keywords',
  'keywords_threshold',
  'max_alternatives',
  'word_alternatives_threshold',
  'word_confidence',
  'timestamps',
  'profanity_filter',
  'smart_formatting',
  'smart_formatting_version',
  'speaker_labels',
  'redaction',
  'audio_metrics',
  'end_of_phrase_silence_time',
  'split_transcript_at_phrase_end',
  'speech_detector_sensitivity',
  'sad_module',
  'background_audio_suppression',
  'low_latency',
  'character_insertion_bias',
]);

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

type Query = Readonly<Record<string, string | number | boolean>>;

/**
 * The SDK's client, with query parameters it does not know yet (IBM's `parameter_set` of June 2026,
 * or any other the operator pins) added to the request its `recognize` builds: the SDK keeps doing
 * authentication, TLS and error mapping.
 */
class ExtendedQueryClient extends SpeechToTextV1 {
  extraQuery: Query = {};

  // biome-ignore lint/suspicious/noExplicitAny: the SDK types its request parameters as any.
  protected override createRequest(parameters: any): Promise<any> {
    const options = parameters.options ?? {};
    return super.createRequest({
      ...parameters,
      options: { ...options, qs: { ...options.qs, ...this.extraQuery } },
    });
  }
}

/** `/v1/recognize` with the watch's pinned query, one client per query so requests never mix them. */
export class SdkPinnedRecognizer implements PinnedRecognizer {
  private readonly clients = new Map<string, ExtendedQueryClient>();

  constructor(private readonly connection: SttConnection) {}

  async recognize(request: Parameters<PinnedRecognizer['recognize']>[0]) {
    const known: Record<string, string | number | boolean> = {};
    const extra: Record<string, string | number | boolean> = {};
    for (const [name, value] of Object.entries(request.parameters)) {
      if (sdkParameters.has(name)) known[camel(name)] = value;
      else extra[name] = value;
    }
    const client = this.clientFor(extra);
    const subject = String(request.parameters.language_customization_id ?? request.parameters.model);
    let result: unknown;
    try {
      const answer = await client.recognize({
        audio: Buffer.from(request.audio.buffer, request.audio.byteOffset, request.audio.byteLength),
        contentType: request.contentType,
        ...known,
      });
      result = answer.result;
    } catch (error) {
      throw toSttError('recognize', subject, error);
    }
    const body = result as {
      results?: { final?: boolean; alternatives?: { transcript?: string }[] }[];
      warnings?: unknown;
    };
    if (!Array.isArray(body.results ?? [])) {
      throw new SttError(ErrorName.InvalidResponse, `recognize ${subject}: the answer has no results list`, {
        ibmMessage: 'results is not a list',
      });
    }
    return {
      transcript: (body.results ?? [])
        .filter((r) => r.final !== false)
        .map((r) => r.alternatives?.[0]?.transcript ?? '')
        .join('')
        .trim(),
      warnings: Array.isArray(body.warnings) ? body.warnings.map(String) : [],
    };
  }

  private clientFor(extra: Query): ExtendedQueryClient {
    const key = JSON.stringify(Object.entries(extra).sort());
    let client = this.clients.get(key);
    if (!client) {
      client = createSdkClient(
        this.connection,
        RECOGNITION_TIMEOUT_SECONDS,
        (options) => new ExtendedQueryClient(options),
      );
      client.extraQuery = extra;
      this.clients.set(key, client);
    }
    return client;
  }
}
