import { setTimeout } from 'node:timers/promises';
import {
  BasicAuthenticator,
  BearerTokenAuthenticator,
  CloudPakForDataAuthenticator,
  IamAuthenticator,
  NoAuthAuthenticator,
} from 'ibm-watson/auth/index.js';
import SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';
import type {
  AcousticUpgradeOptions,
  AudioSummary,
  CustomModel,
  LanguageResources,
  SttService,
  TrainOptions,
} from '#core/custom-model.js';
import { ErrorName, InvalidInputError, SttError } from '#core/errors.js';
import { parseAudioSummary, parseCustomModel, parseCustomModels, parseLanguageResources } from './answers.js';
import type { AuthConfig, SttConnection } from './connection.js';
import { toSttError } from './errors.js';
import { markTokenExchangeFailures, type SdkAuthenticator } from './token-exchange.js';

function createAuthenticator(auth: AuthConfig, disableSslVerification: boolean): SdkAuthenticator {
  switch (auth.type) {
    case 'iam':
      return markTokenExchangeFailures(
        new IamAuthenticator({ apikey: auth.apikey, url: auth.iamUrl, disableSslVerification }),
      );
    case 'cp4d':
      return markTokenExchangeFailures(
        new CloudPakForDataAuthenticator({
          url: auth.url,
          username: auth.username,
          ...(auth.password !== undefined ? { password: auth.password } : { apikey: auth.apikey }),
          disableSslVerification,
        }),
      );
    case 'bearer':
      return new BearerTokenAuthenticator({ bearerToken: auth.token });
    case 'basic':
      return new BasicAuthenticator({ username: auth.username, password: auth.password });
    case 'none':
      return new NoAuthAuthenticator();
  }
}

function createSdkClient(connection: SttConnection): SpeechToTextV1 {
  try {
    const sdk = new SpeechToTextV1({
      authenticator: createAuthenticator(connection.auth, connection.disableSslVerification),
      serviceUrl: connection.serviceUrl,
      disableSslVerification: connection.disableSslVerification,
      timeout: connection.requestTimeoutSeconds * 1000,
    });
    // Retries stay off, also when the environment (SPEECH_TO_TEXT_ENABLE_RETRIES) asks for them:
    // the SDK would repeat the non-idempotent upgrade_model POST on 429/5xx, and retrying is the
    // state machine's job, with backoff and a record of every attempt.
    sdk.disableRetries();
    return sdk;
  } catch (err) {
    // The SDK validates credentials on construction; its messages name fields, not values.
    throw new InvalidInputError('STT connection', [err instanceof Error ? err.message : String(err)]);
  }
}

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

  async languageResources(customizationId: string): Promise<LanguageResources> {
    const [corpora, words, grammars] = await Promise.all([
      read('list_corpora', customizationId, () => this.sdk.listCorpora({ customizationId })),
      read('list_words', customizationId, () => this.sdk.listWords({ customizationId })),
      read('list_grammars', customizationId, () => this.sdk.listGrammars({ customizationId })),
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
