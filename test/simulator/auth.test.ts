import { BasicAuthenticator, CloudPakForDataAuthenticator, IamAuthenticator } from 'ibm-watson/auth/index.js';
import SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type RunningSimulator, SimulatorMessages, startSimulator } from '#simulator/index.js';
import { ibmFailure } from './support.js';

const KEY = 'test-api-key';
let sim: RunningSimulator | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await sim?.stop();
  sim = undefined;
});

function tokenRequests(s: RunningSimulator, operation: 'iam_token' | 'cp4d_authorize'): number {
  return s.requestLog().filter((e) => e.operation === operation && e.status === 200).length;
}

function decodePayload(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

describe('IAM authentication', () => {
  it('exchanges an API key for a JWT-shaped bearer token with real-time iat and exp', async () => {
    sim = await startSimulator({ auth: { kind: 'iam', apikey: KEY, tokenTtlSeconds: 1200 } });
    const res = await fetch(`${sim.url}/identity/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey: KEY }),
    });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 1200 });
    const payload = decodePayload(String(body.access_token));
    const now = Math.floor(Date.now() / 1000);
    expect(Math.abs(Number(payload.iat) - now)).toBeLessThanOrEqual(2);
    expect(Number(payload.exp) - Number(payload.iat)).toBe(1200);
    expect(body.expiration).toBe(payload.exp);
  });

  it('lets the SDK’s IamAuthenticator work unchanged, and refresh its token at 80% of its life', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const t0 = Date.UTC(2026, 5, 1);
    vi.setSystemTime(t0);
    const s = await startSimulator({ auth: { kind: 'iam', apikey: KEY, tokenTtlSeconds: 3600 } });
    sim = s;
    const stt = new SpeechToTextV1({
      authenticator: new IamAuthenticator({ apikey: KEY, url: s.url }),
      serviceUrl: s.url,
    });
    expect((await stt.listLanguageModels()).status).toBe(200);
    expect((await stt.listLanguageModels()).status).toBe(200);
    expect(tokenRequests(s, 'iam_token')).toBe(1);

    vi.setSystemTime(t0 + 0.85 * 3600 * 1000);
    expect((await stt.listLanguageModels()).status).toBe(200);
    await vi.waitFor(() => expect(tokenRequests(s, 'iam_token')).toBe(2));

    vi.setSystemTime(t0 + 2 * 3600 * 1000);
    expect((await stt.listLanguageModels()).status).toBe(200);
    expect(tokenRequests(s, 'iam_token')).toBe(3);
    expect(
      s
        .requestLog()
        .filter((e) => e.operation === 'list_language_models')
        .map((e) => e.status),
    ).toEqual([200, 200, 200, 200]);
  });

  it('refuses an expired token with 401', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 5, 1));
    sim = await startSimulator({ auth: { kind: 'iam', apikey: KEY, tokenTtlSeconds: 60 } });
    const res = await fetch(`${sim.url}/identity/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey: KEY }),
    });
    const { access_token } = (await res.json()) as { access_token: string };
    const call = () =>
      fetch(`${sim?.url}/v1/customizations`, { headers: { Authorization: `Bearer ${access_token}` } });
    expect((await call()).status).toBe(200);
    vi.setSystemTime(Date.UTC(2026, 5, 1) + 61_000);
    expect((await call()).status).toBe(401);
  });

  it('answers 400 from the token endpoint for an unknown API key, and the SDK call fails', async () => {
    sim = await startSimulator({ auth: { kind: 'iam', apikey: KEY } });
    const stt = new SpeechToTextV1({
      authenticator: new IamAuthenticator({ apikey: 'wrong-key', url: sim.url }),
      serviceUrl: sim.url,
    });
    const failure = await ibmFailure(stt.listLanguageModels());
    expect(failure).toMatchObject({ status: 400, message: SimulatorMessages.iamKeyNotFound });
    expect(sim.requestLog().map((e) => [e.operation, e.status])).toEqual([['iam_token', 400]]);
  });

  it('answers 401 "Access is denied due to invalid credentials." without a token or with a forged one', async () => {
    sim = await startSimulator({ auth: { kind: 'iam', apikey: KEY } });
    const missing = await fetch(`${sim.url}/v1/customizations`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      error: 'Access is denied due to invalid credentials.',
      code: 401,
      code_description: 'Unauthorized',
    });
    const forged = await fetch(`${sim.url}/v1/customizations`, {
      headers: { Authorization: 'Bearer a.b.c' },
    });
    expect(forged.status).toBe(401);
  });
});

describe('basic authentication', () => {
  it('accepts apikey:<key> and refuses another key', async () => {
    sim = await startSimulator({ auth: { kind: 'basic', apikey: KEY } });
    const good = new SpeechToTextV1({
      authenticator: new BasicAuthenticator({ username: 'apikey', password: KEY }),
      serviceUrl: sim.url,
    });
    const bad = new SpeechToTextV1({
      authenticator: new BasicAuthenticator({ username: 'apikey', password: 'nope' }),
      serviceUrl: sim.url,
    });
    expect((await good.listAcousticModels()).status).toBe(200);
    expect(await ibmFailure(bad.listAcousticModels())).toMatchObject({
      status: 401,
      message: SimulatorMessages.invalidCredentials,
    });
  });
});

describe('Cloud Pak for Data authentication', () => {
  it('lets CloudPakForDataAuthenticator get a token from /v1/authorize with a password', async () => {
    const s = await startSimulator({ auth: { kind: 'cp4d', username: 'admin', password: 'secret' } });
    sim = s;
    const stt = new SpeechToTextV1({
      authenticator: new CloudPakForDataAuthenticator({ username: 'admin', password: 'secret', url: s.url }),
      serviceUrl: s.url,
    });
    expect((await stt.listModels()).status).toBe(200);
    expect(tokenRequests(s, 'cp4d_authorize')).toBe(1);
  });

  it('accepts an API key instead of a password, and refuses a wrong password', async () => {
    sim = await startSimulator({ auth: { kind: 'cp4d', username: 'admin', apikey: 'cp4d-key' } });
    const withKey = new SpeechToTextV1({
      authenticator: new CloudPakForDataAuthenticator({
        username: 'admin',
        apikey: 'cp4d-key',
        url: sim.url,
      }),
      serviceUrl: sim.url,
    });
    const withPassword = new SpeechToTextV1({
      authenticator: new CloudPakForDataAuthenticator({ username: 'admin', password: 'guess', url: sim.url }),
      serviceUrl: sim.url,
    });
    expect((await withKey.listModels()).status).toBe(200);
    expect((await ibmFailure(withPassword.listModels())).status).toBe(401);
  });
});
