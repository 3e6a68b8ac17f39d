import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { signJwt, verifyJwt } from './jwt.js';
import { ApiError, SimulatorMessages } from './messages.js';

export type SimulatorAuth =
  | { kind: 'none' }
  | { kind: 'basic'; apikey: string }
  | { kind: 'iam'; apikey: string; tokenTtlSeconds?: number }
  | { kind: 'cp4d'; username: string; password?: string; apikey?: string; tokenTtlSeconds?: number };

export interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
}

const apikeyGrant = 'urn:ibm:params:oauth:grant-type:apikey';

const cp4dRequestSchema = z.union([
  z.strictObject({ username: z.string().min(1), password: z.string().min(1) }),
  z.strictObject({ username: z.string().min(1), api_key: z.string().min(1) }),
]);

function deny(): ApiError {
  return new ApiError(401, SimulatorMessages.invalidCredentials);
}

/** IAM answers errors in its own shape; the IBM-style fields ride along so clients read either. */
function iamError(status: number, errorCode: string, message: string): ApiError {
  return new ApiError(status, message, {
    errorCode,
    errorMessage: message,
    context: { requestType: 'token' },
  });
}

/**
 * Checks credentials and issues tokens. Tokens are judged on the wall clock (real epoch seconds),
 * never on the simulator's model clock: the SDK decodes `exp` and compares it with its own time.
 */
export class Authenticator {
  constructor(
    private readonly auth: SimulatorAuth,
    private readonly secret: string,
  ) {}

  get kind(): SimulatorAuth['kind'] {
    return this.auth.kind;
  }

  /** Throws 401 unless the request carries credentials this instance accepts. */
  check(headers: IncomingHttpHeaders): void {
    const auth = this.auth;
    if (auth.kind === 'none') return;
    const header = headers.authorization ?? '';
    const space = header.indexOf(' ');
    const scheme = header.slice(0, space).toLowerCase();
    const value = header.slice(space + 1).trim();
    if (scheme === 'basic' && (auth.kind === 'basic' || auth.kind === 'iam')) {
      if (Buffer.from(value, 'base64').toString('utf8') === `apikey:${auth.apikey}`) return;
    }
    if (scheme === 'bearer' && (auth.kind === 'iam' || auth.kind === 'cp4d')) {
      const payload = verifyJwt(value, this.secret);
      if (
        payload &&
        payload.iss === auth.kind &&
        typeof payload.exp === 'number' &&
        payload.exp > nowSeconds()
      ) {
        return;
      }
    }
    throw deny();
  }

  /** `POST /identity/token` with a form body, as IBM Cloud IAM. */
  iamToken(form: URLSearchParams): HttpAnswer {
    if (this.auth.kind !== 'iam')
      throw new ApiError(404, SimulatorMessages.unknownOperation('POST', '/identity/token'));
    if (form.get('grant_type') !== apikeyGrant)
      throw iamError(400, 'BXNIM0109E', SimulatorMessages.iamBadGrantType);
    if (form.get('apikey') !== this.auth.apikey)
      throw iamError(400, 'BXNIM0415E', SimulatorMessages.iamKeyNotFound);
    const { token, iat, exp } = this.issue('iam', this.auth.tokenTtlSeconds);
    return {
      status: 200,
      body: {
        access_token: token,
        refresh_token: 'not_supported',
        token_type: 'Bearer',
        expires_in: exp - iat,
        expiration: exp,
        scope: 'ibm openid',
      },
    };
  }

  /** `POST /v1/authorize` with `{username, password}` or `{username, api_key}`, as Cloud Pak for Data. */
  cp4dToken(body: unknown): HttpAnswer {
    const auth = this.auth;
    if (auth.kind !== 'cp4d')
      throw new ApiError(404, SimulatorMessages.unknownOperation('POST', '/v1/authorize'));
    const request = cp4dRequestSchema.safeParse(body);
    const valid =
      request.success &&
      request.data.username === auth.username &&
      ('password' in request.data
        ? auth.password !== undefined && request.data.password === auth.password
        : auth.apikey !== undefined && request.data.api_key === auth.apikey);
    if (!valid) throw new ApiError(401, SimulatorMessages.cp4dInvalidCredentials, { _messageCode_: '401' });
    const { token } = this.issue('cp4d', auth.tokenTtlSeconds, auth.username);
    return { status: 200, body: { _messageCode_: '200', message: 'Success', token } };
  }

  private issue(
    kind: 'iam' | 'cp4d',
    ttlSeconds = 3600,
    subject = 'apikey',
  ): { token: string; iat: number; exp: number } {
    this.issued += 1;
    const iat = nowSeconds();
    const exp = iat + ttlSeconds;
    const token = signJwt({ iss: kind, sub: subject, iat, exp, jti: `${iat}-${this.issued}` }, this.secret);
    return { token, iat, exp };
  }

  private issued = 0;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
