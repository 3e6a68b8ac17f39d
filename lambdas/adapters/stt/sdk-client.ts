import {
  BasicAuthenticator,
  BearerTokenAuthenticator,
  CloudPakForDataAuthenticator,
  IamAuthenticator,
  NoAuthAuthenticator,
} from 'ibm-watson/auth/index.js';
import SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';
import { InvalidInputError } from '#core/contract/errors.js';
import type { AuthConfig, SttConnection } from './connection.js';
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

/**
 * The official SDK's client for one instance, with its retries off, also when the environment
 * (SPEECH_TO_TEXT_ENABLE_RETRIES) asks for them: the SDK would repeat the non-idempotent
 * upgrade_model POST on 429/5xx, and retrying is the state machine's job, with backoff and a record
 * of every attempt. `timeoutSeconds` overrides the connection's request timeout (recognition of a
 * long clip takes longer than a customization call).
 */
export function createSdkClient<T extends SpeechToTextV1 = SpeechToTextV1>(
  connection: SttConnection,
  timeoutSeconds?: number,
  make: (options: ConstructorParameters<typeof SpeechToTextV1>[0]) => T = (options) =>
    new SpeechToTextV1(options) as T,
): T {
  try {
    const sdk = make({
      authenticator: createAuthenticator(connection.auth, connection.disableSslVerification),
      serviceUrl: connection.serviceUrl,
      disableSslVerification: connection.disableSslVerification,
      timeout: (timeoutSeconds ?? connection.requestTimeoutSeconds) * 1000,
    });
    sdk.disableRetries();
    return sdk;
  } catch (err) {
    // The SDK validates credentials on construction; its messages name fields, not values.
    throw new InvalidInputError('STT connection', [err instanceof Error ? err.message : String(err)]);
  }
}
