import type SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';

/** The SDK's authenticator interface (not re-exported by `ibm-watson/auth`). */
export type SdkAuthenticator = NonNullable<ConstructorParameters<typeof SpeechToTextV1>[0]['authenticator']>;

/**
 * The authenticator failed to get a token (IAM `/identity/token`, CP4D `/v1/authorize`). The SDK
 * reports such a failure like any service answer, so a 400 from the token server would look like
 * a 400 from Speech to Text; this marker keeps the two apart.
 */
export class TokenExchangeError extends Error {
  constructor(readonly sdkError: unknown) {
    super('token exchange failed');
    this.name = 'TokenExchangeError';
  }
}

/** Wraps an authenticator so that its failures reach the error mapping marked as token-exchange failures. */
export function markTokenExchangeFailures(inner: SdkAuthenticator): SdkAuthenticator {
  return {
    authenticate: (requestOptions) =>
      inner.authenticate(requestOptions).catch((err: unknown) => {
        throw new TokenExchangeError(err);
      }),
    authenticationType: () => inner.authenticationType(),
  };
}
