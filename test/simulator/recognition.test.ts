import { afterEach, describe, expect, it } from 'vitest';
import { audioSha256, generateWav, SimulatorMessages } from '#simulator/index.js';
import {
  broadbandLanguageModel,
  ibmFailure,
  seconds,
  startTestSimulator,
  type TestSimulator,
} from './support.js';

const LM = '31313131-3131-4131-8131-313131313131';
const AM = '41414141-4141-4141-8141-414141414141';
const NEXT_GEN = '51515151-5151-4151-8151-515151515151';
const OLD = 'en-US_BroadbandModel.v2018-07-31';
const NEW = 'en-US_BroadbandModel.v2020-01-16';
const CLAIM = generateWav({ seconds: 3, seed: 1 });
let t: TestSimulator | undefined;
afterEach(() => t?.sim.stop());

async function withModels(seed = 0, onUnregisteredAudio?: (sha256: string) => void): Promise<TestSimulator> {
  t = await startTestSimulator({
    seed,
    ...(onUnregisteredAudio ? { onUnregisteredAudio } : {}),
    fleet: {
      languageModels: [
        broadbandLanguageModel(LM),
        { customizationId: NEXT_GEN, name: 'ng', baseModelName: 'en-US_Telephony', words: 10 },
      ],
      acousticModels: [
        {
          customizationId: AM,
          name: 'am',
          baseModelName: 'en-US_BroadbandModel',
          version: 'v2018-07-31',
          audioMinutes: 1,
        },
      ],
    },
  });
  t.sim.addRecognitionReferences([
    { sha256: audioSha256(CLAIM), text: "Hello, uh, there. I'd like to check my claim status!" },
  ]);
  return t;
}

async function upgradeLanguageModel(s: TestSimulator): Promise<void> {
  await s.stt.upgradeLanguageModel({ customizationId: LM });
  s.clock.advance(seconds(600));
  expect(s.sim.model(LM)?.versions).toEqual([OLD, NEW]);
}

type Params = Omit<Parameters<TestSimulator['stt']['recognize']>[0], 'audio'>;

async function recognize(s: TestSimulator, params: Params = {}, audio = CLAIM) {
  const answer = await s.stt.recognize({
    audio,
    contentType: 'audio/wav',
    model: 'en-US_BroadbandModel',
    ...params,
  });
  return answer.result;
}

function transcript(result: { results?: { alternatives: { transcript: string }[] }[] }): string {
  return (result.results ?? []).map((r) => r.alternatives[0]?.transcript ?? '').join('');
}

describe('recognition', () => {
  it("answers IBM's shape with one final result per sentence of the registered reference", async () => {
    const s = await withModels();
    const result = await recognize(s);
    expect(result.result_index).toBe(0);
    expect(result.results?.map((r) => [r.final, r.alternatives[0]?.transcript])).toEqual([
      [true, 'hello %HESITATION there '],
      [true, "i'd like to check my claim status "],
    ]);
    expect(result.results?.[0]?.alternatives[0]?.confidence).toBeGreaterThan(0.9);
    expect(result.warnings).toBeUndefined();
  });

  it('writes hesitations as words on next-generation models', async () => {
    const s = await withModels();
    const result = await recognize(s, { model: 'en-US_Telephony' });
    expect(transcript(result)).toBe("hello uh there i'd like to check my claim status ");
  });

  it('drops and confuses the words a version profile names', async () => {
    const s = await withModels();
    s.sim.addRecognitionProfiles([
      {
        baseModel: 'en-US_BroadbandModel',
        version: 'v2018-07-31',
        drops: ['status'],
        confuses: { claim: 'clean' },
      },
    ]);
    expect(transcript(await recognize(s, { languageCustomizationId: LM }))).toBe(
      "hello %HESITATION there i'd like to check my clean ",
    );
  });

  it('gives the same transcript for the same audio, parameters and seed, and another for another seed', async () => {
    const noisy = { baseModel: 'en-US_BroadbandModel', wordErrorRate: 0.5 };
    const heard: string[] = [];
    for (const seed of [3, 3, 4]) {
      const s = await withModels(seed);
      s.sim.addRecognitionProfiles([noisy]);
      const unknown = generateWav({ seconds: 4, seed: 99 });
      heard.push(transcript(await recognize(s)) + transcript(await recognize(s, {}, unknown)));
      await s.sim.stop();
      t = undefined;
    }
    expect(heard[0]).toBe(heard[1]);
    expect(heard[2]).not.toBe(heard[0]);
  });

  it('makes up seeded words for audio nobody registered, about 2.5 a second, and says so', async () => {
    const heard: string[] = [];
    const s = await withModels(0, (sha256) => heard.push(sha256));
    const unknown = generateWav({ seconds: 8, seed: 5 });
    const words = transcript(await recognize(s, {}, unknown))
      .trim()
      .split(' ');
    expect(words).toHaveLength(20);
    await recognize(s);
    expect(heard).toEqual([audioSha256(unknown)]);
  });

  it('shows a regression of the new version against the old one with base_model_version', async () => {
    const s = await withModels();
    await upgradeLanguageModel(s);
    s.sim.addRecognitionProfiles([
      { baseModel: 'en-US_BroadbandModel', version: 'v2020-01-16', drops: ['claim'] },
    ]);
    const old = await recognize(s, { languageCustomizationId: LM, baseModelVersion: OLD });
    const latest = await recognize(s, { languageCustomizationId: LM });
    expect(transcript(old)).toContain('my claim status');
    expect(transcript(latest)).toContain('my status');
    expect(latest.warnings).toBeUndefined();
  });

  it("refuses a base_model_version that is not one of the custom model's versions", async () => {
    const s = await withModels();
    const failure = await ibmFailure(recognize(s, { languageCustomizationId: LM, baseModelVersion: NEW }));
    expect(failure).toMatchObject({
      status: 400,
      message: SimulatorMessages.baseVersionNotInModel(NEW, LM, [OLD]),
    });
  });

  it('uses the version a language and an acoustic model both have, and warns that it is the previous one', async () => {
    const s = await withModels();
    await upgradeLanguageModel(s);
    s.sim.addRecognitionProfiles([
      { baseModel: 'en-US_BroadbandModel', version: 'v2018-07-31', drops: ['hello'] },
    ]);
    const both = await recognize(s, { languageCustomizationId: LM, acousticCustomizationId: AM });
    expect(transcript(both)).not.toContain('hello');
    expect(both.warnings).toEqual([SimulatorMessages.previousBaseVersionWarning]);
    expect(transcript(await recognize(s, { languageCustomizationId: LM }))).toContain('hello');
  });

  it('warns "Using previous version of base model" for a custom model not yet upgraded', async () => {
    const s = await withModels();
    const result = await recognize(s, { languageCustomizationId: LM });
    expect(result.warnings).toEqual([SimulatorMessages.previousBaseVersionWarning]);
    expect(SimulatorMessages.previousBaseVersionWarning).toMatch(
      /^Using previous version of base model, because your custom model has been built with it\. /,
    );
  });

  it('runs without the customization and warns when the version was withdrawn', async () => {
    const s = await withModels();
    s.sim.addRecognitionProfiles([{ customizationId: LM, confuses: { claim: 'clean' } }]);
    expect(transcript(await recognize(s, { languageCustomizationId: LM }))).toContain('clean');
    const withdraw = await fetch(`${s.sim.url}/_simulator/base_models/en-US_BroadbandModel/withdrawn`, {
      method: 'POST',
      body: JSON.stringify({ version: 'v2018-07-31' }),
    });
    expect(withdraw.status).toBe(201);
    const result = await recognize(s, { languageCustomizationId: LM, acousticCustomizationId: AM });
    expect(result.warnings).toEqual([
      'Using non-customized default base model, because your custom language model has been built with a version of the base model that is no longer supported.',
      SimulatorMessages.nonCustomizedWarning('acoustic'),
    ]);
    expect(transcript(result)).toContain('claim');
  });

  it('answers 400 for short audio, a bad content type, an unknown model or a customization of another model', async () => {
    const s = await withModels();
    const tooShort = await ibmFailure(recognize(s, {}, CLAIM.subarray(0, 99)));
    expect(tooShort).toMatchObject({ status: 400, message: expect.stringContaining('at least 100 bytes') });
    expect((await ibmFailure(recognize(s, { contentType: 'text/plain' }))).status).toBe(400);
    expect((await ibmFailure(recognize(s, { contentType: 'audio/l16' }))).status).toBe(400);
    const unknown = await ibmFailure(recognize(s, { model: 'xx-XX_Nothing' }));
    expect(unknown).toMatchObject({
      status: 400,
      message: SimulatorMessages.unknownBaseModel('xx-XX_Nothing'),
    });
    const other = await ibmFailure(recognize(s, { languageCustomizationId: NEXT_GEN }));
    expect(other).toMatchObject({
      status: 400,
      message: SimulatorMessages.customizationOfOtherModel(
        NEXT_GEN,
        'en-US_Telephony',
        'en-US_BroadbandModel',
      ),
    });
  });

  it('answers 404 for an unknown customization id', async () => {
    const s = await withModels();
    const missing = '00000000-0000-4000-8000-000000000000';
    const failure = await ibmFailure(recognize(s, { acousticCustomizationId: missing }));
    expect(failure).toMatchObject({ status: 404, message: SimulatorMessages.notFound(missing) });
  });

  it('counts requests and audio minutes billed, from the WAV header', async () => {
    const s = await withModels();
    await recognize(s);
    await recognize(s, {}, generateWav({ seconds: 9, sampleRate: 8000 }));
    const stats = (await (await fetch(`${s.sim.url}/_simulator/stats`)).json()) as { recognition: unknown };
    expect(stats.recognition).toEqual({ requests: 2, audioSeconds: 12, audioMinutes: 0.2 });
  });

  it('registers references and profiles over HTTP and names a bad field', async () => {
    const s = await withModels();
    const post = (what: string, body: unknown) =>
      fetch(`${s.sim.url}/_simulator/recognition/${what}`, { method: 'POST', body: JSON.stringify(body) });
    const badReference = await post('references', { references: [{ sha256: 'abc', text: 'x' }] });
    expect(badReference.status).toBe(400);
    expect(((await badReference.json()) as { error: string }).error).toContain('references.0.sha256');
    const badProfile = await post('profiles', {
      profiles: [{ baseModel: 'en-US_BroadbandModel', wordErrorRate: 2 }],
    });
    expect(((await badProfile.json()) as { error: string }).error).toContain('profiles.0.wordErrorRate');
    const audio = generateWav({ seconds: 1, seed: 7 });
    expect(
      (await post('references', { references: [{ sha256: audioSha256(audio), text: 'good morning' }] }))
        .status,
    ).toBe(201);
    expect(
      (
        await post('profiles', {
          profiles: [{ baseModel: 'en-US_BroadbandModel', confuses: { good: 'could' } }],
        })
      ).status,
    ).toBe(201);
    expect(transcript(await recognize(s, {}, audio))).toBe('could morning ');
  });
});
