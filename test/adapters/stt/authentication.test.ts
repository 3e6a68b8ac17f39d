import { afterEach, describe, expect, it } from 'vitest';
import { createSttService, parseSttConnection } from '#adapters/stt/index.js';
import { ErrorName, SttError } from '#core/contract/errors.js';
import type { SttService } from '#core/model/custom-model.js';
import type { RunningSimulator, SimulatorOptions } from '#simulator/index.js';
import { ids, pairFleet, requestsFor, startTestSimulator } from './simulator-fixture.js';

const apikey = 'sim-apikey-0123456789';

let sim: RunningSimulator | undefined;
afterEach(() => sim?.stop());

async function start(auth: SimulatorOptions['auth']): Promise<RunningSimulator> {
  ({ sim } = await startTestSimulator({ auth, fleet: pairFleet }));
  return sim;
}

function connect(running: RunningSimulator, auth: unknown): SttService {
  return createSttService(parseSttConnection({ serviceUrl: running.url, auth }));
}

async function rejection(call: Promise<unknown>): Promise<SttError> {
  const outcome = await call.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(SttError);
  return outcome as SttError;
}

describe('authentication against the simulator', () => {
  it('basic: the right key is accepted', async () => {
    const running = await start({ kind: 'basic', apikey });
    const stt = connect(running, { type: 'basic', username: 'apikey', password: apikey });
    expect((await stt.getLanguageModel(ids.languageModel)).customizationId).toBe(ids.languageModel);
  });

  it('basic: a wrong key -> AuthFailed (HTTP 401), without the key in the message', async () => {
    const running = await start({ kind: 'basic', apikey });
    const wrongKey = 'wrong-key-abcdef';
    const error = await rejection(
      connect(running, { type: 'basic', username: 'apikey', password: wrongKey }).listLanguageModels(),
    );
    expect(error).toMatchObject({ name: ErrorName.AuthFailed, status: 401 });
    expect(error.message).toContain('Access is denied due to invalid credentials.');
    expect(error.message).not.toContain(wrongKey);
  });

  it('IAM: the API key is exchanged for a token once and the token is reused', async () => {
    const running = await start({ kind: 'iam', apikey });
    const stt = connect(running, { type: 'iam', apikey, iamUrl: running.url });
    await stt.listLanguageModels();
    await stt.getAcousticModel(ids.acousticModel);
    expect(requestsFor(running, 'iam_token')).toEqual([{ query: {}, status: 200 }]);
    expect(requestsFor(running, 'get_acoustic_model')).toEqual([{ query: {}, status: 200 }]);
  });

  it('IAM: an unknown API key (400 from the token server) -> AuthFailed, without the key in the message', async () => {
    const running = await start({ kind: 'iam', apikey });
    const wrongKey = 'not-the-iam-key-42';
    const error = await rejection(
      connect(running, { type: 'iam', apikey: wrongKey, iamUrl: running.url }).upgradeLanguageModel(
        ids.languageModel,
      ),
    );
    expect(error).toMatchObject({ name: ErrorName.AuthFailed, status: 400 });
    expect(error.message).toMatch(
      /^upgrade_language_model 1{8}-.*: the credentials could not be exchanged for a token \(HTTP 400: /,
    );
    expect(error.message).not.toContain(wrongKey);
    expect(requestsFor(running, 'upgrade_language_model')).toEqual([]);
  });

  it('IAM: a token server under load -> Transient, not AuthFailed', async () => {
    const running = await start({ kind: 'iam', apikey });
    running.addFaults([{ kind: 'status', status: 503, times: 3, match: { operation: 'iam_token' } }]);
    const error = await rejection(
      connect(running, { type: 'iam', apikey, iamUrl: running.url }).listAcousticModels(),
    );
    expect(error).toMatchObject({ name: ErrorName.Transient, status: 503 });
  });

  it('IAM: a dropped token request -> Transient', async () => {
    const running = await start({ kind: 'iam', apikey });
    running.addFaults([{ kind: 'drop', times: 3, match: { operation: 'iam_token' } }]);
    const error = await rejection(
      connect(running, { type: 'iam', apikey, iamUrl: running.url }).listAcousticModels(),
    );
    expect(error).toMatchObject({ name: ErrorName.Transient, status: undefined });
  });

  it('Cloud Pak for Data: username and password get a token', async () => {
    const running = await start({ kind: 'cp4d', username: 'admin', password: 'cp4d-password' });
    const stt = connect(running, {
      type: 'cp4d',
      url: running.url,
      username: 'admin',
      password: 'cp4d-password',
    });
    expect(await stt.listAudio(ids.acousticModel)).toEqual({ totalMinutesOfAudio: 12.5, resourceCount: 1 });
    expect(requestsFor(running, 'cp4d_authorize')).toEqual([{ query: {}, status: 200 }]);
  });

  it('Cloud Pak for Data: username and API key get a token', async () => {
    const running = await start({ kind: 'cp4d', username: 'admin', apikey: 'cp4d-apikey' });
    const stt = connect(running, {
      type: 'cp4d',
      url: running.url,
      username: 'admin',
      apikey: 'cp4d-apikey',
    });
    expect(await stt.listLanguageModels()).toHaveLength(1);
  });

  it('Cloud Pak for Data: a wrong password -> AuthFailed, without the password in the message', async () => {
    const running = await start({ kind: 'cp4d', username: 'admin', password: 'cp4d-password' });
    const error = await rejection(
      connect(running, {
        type: 'cp4d',
        url: running.url,
        username: 'admin',
        password: 'guessed-pw',
      }).listAudio(ids.acousticModel),
    );
    expect(error).toMatchObject({ name: ErrorName.AuthFailed, status: 401 });
    expect(error.message).not.toContain('guessed-pw');
  });

  it('bearer: a token obtained elsewhere is sent as is; a forged one -> AuthFailed', async () => {
    const running = await start({ kind: 'iam', apikey });
    const answer = await fetch(`${running.url}/identity/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey }),
    });
    const { access_token: token } = (await answer.json()) as { access_token: string };
    expect(await connect(running, { type: 'bearer', token }).listLanguageModels()).toHaveLength(1);
    const error = await rejection(
      connect(running, { type: 'bearer', token: `${token}x` }).listLanguageModels(),
    );
    expect(error).toMatchObject({ name: ErrorName.AuthFailed, status: 401 });
  });
});
