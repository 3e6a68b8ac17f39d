import { setTimeout } from 'node:timers/promises';
import type SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';
import { ErrorName, SttError } from '#core/contract/errors.js';
import type {
  AcousticUpgradeOptions,
  AudioSummary,
  CustomModel,
  LanguageResources,
  ResourceListing,
  SttService,
  TrainOptions,
} from '#core/model/custom-model.js';
import { parseAudioSummary, parseCustomModel, parseCustomModels, parseLanguageResources } from './answers.js';
import type { SttConnection } from './connection.js';
import { toSttError } from './errors.js';
import { createSdkClient } from './sdk-client.js';

/** Sends one SDK request and returns IBM's body; any failure becomes an `SttError` with a stable name. */
async function send(
  operation: string,
  customizationId: string | undefined,
  request: () => Promise<{ result: unknown }>,
): Promise<unknown> {
  try {
    return (await request()).result;
  } catch (err) {
    throw toSttError(operation, customizationId, err);
  }
}

/** Reads change nothing at IBM, so a passing fault is retried here before the state machine sees it. */
const READ_ATTEMPTS = 3;
const READ_RETRY_BASE_MS = 200;

/** A read, retried on `Transient` with full-jitter backoff; writes go through `send` alone, once. */
async function read(
  operation: string,
  customizationId: string | undefined,
  request: () => Promise<{ result: unknown }>,
): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(operation, customizationId, request);
    } catch (error) {
      if (!(error instanceof SttError) || error.name !== ErrorName.Transient || attempt >= READ_ATTEMPTS)
        throw error;
      await setTimeout(Math.random() * READ_RETRY_BASE_MS * 2 ** attempt);
    }
  }
}

/** `SttService` over the official `ibm-watson` SDK. */
class SdkSttService implements SttService {
  constructor(private readonly sdk: SpeechToTextV1) {}

  async listLanguageModels(): Promise<CustomModel[]> {
    const operation = 'list_language_models';
    const body = await read(operation, undefined, () => this.sdk.listLanguageModels());
    return parseCustomModels('language', body, { operation });
  }

  async listAcousticModels(): Promise<CustomModel[]> {
    const operation = 'list_acoustic_models';
    const body = await read(operation, undefined, () => this.sdk.listAcousticModels());
    return parseCustomModels('acoustic', body, { operation });
  }

  async getLanguageModel(customizationId: string): Promise<CustomModel> {
    const operation = 'get_language_model';
    const body = await read(operation, customizationId, () => this.sdk.getLanguageModel({ customizationId }));
    return parseCustomModel('language', body, { operation, customizationId });
  }

  async getAcousticModel(customizationId: string): Promise<CustomModel> {
    const operation = 'get_acoustic_model';
    const body = await read(operation, customizationId, () => this.sdk.getAcousticModel({ customizationId }));
    return parseCustomModel('acoustic', body, { operation, customizationId });
  }

  async listAudio(customizationId: string): Promise<AudioSummary> {
    const operation = 'list_audio';
    const body = await read(operation, customizationId, () => this.sdk.listAudio({ customizationId }));
    return parseAudioSummary(body, { operation, customizationId });
  }

  async languageResources(customizationId: string, listing: ResourceListing): Promise<LanguageResources> {
    const [corpora, words, grammars] = await Promise.all([
      read('list_corpora', customizationId, () => this.sdk.listCorpora({ customizationId })),
      read('list_words', customizationId, () => this.sdk.listWords({ customizationId })),
      listing.grammars
        ? read('list_grammars', customizationId, () => this.sdk.listGrammars({ customizationId }))
        : { grammars: [] },
    ]);
    return parseLanguageResources(
      { corpora, words, grammars },
      { operation: 'list_resources', customizationId },
    );
  }

  async upgradeLanguageModel(customizationId: string): Promise<void> {
    await send('upgrade_language_model', customizationId, () =>
      this.sdk.upgradeLanguageModel({ customizationId }),
    );
  }

  async upgradeAcousticModel(customizationId: string, options: AcousticUpgradeOptions = {}): Promise<void> {
    await send('upgrade_acoustic_model', customizationId, () =>
      this.sdk.upgradeAcousticModel({
        customizationId,
        ...(options.customLanguageModelId !== undefined && {
          customLanguageModelId: options.customLanguageModelId,
        }),
        // force only ever on request: IBM allows it solely after "No input data modified since last training".
        ...(options.force === true && { force: true }),
      }),
    );
  }

  async trainLanguageModel(customizationId: string, options: TrainOptions = {}): Promise<void> {
    await send('train_language_model', customizationId, () =>
      this.sdk.trainLanguageModel({
        customizationId,
        ...(options.force === true && { force: true }),
        ...(options.strict === false && { strict: false }),
      }),
    );
  }
}

/** A Speech to Text client for one instance. Throws `InvalidInput` if the SDK refuses the credentials' form. */
export function createSttService(connection: SttConnection): SttService {
  return new SdkSttService(createSdkClient(connection));
}
