import { afterEach, describe, expect, it } from 'vitest';
import { SimulatorMessages, type SimulatorOptions } from '#simulator/index.js';
import { ibmFailure, START, seconds, startTestSimulator, type TestSimulator, wavFile } from './support.js';

const LM = '44444444-4444-4444-8444-444444444444';
const AM = '55555555-5555-4555-8555-555555555555';

let t: TestSimulator | undefined;
afterEach(() => t?.sim.stop());

/** An old-version language model and an acoustic model trained with it. */
async function withPair(
  unmodifiedSinceTraining = false,
  options: SimulatorOptions = {},
): Promise<TestSimulator> {
  t = await startTestSimulator({
    ...options,
    fleet: {
      languageModels: [
        {
          customizationId: LM,
          name: 'lm',
          baseModelName: 'en-US_BroadbandModel',
          version: 'v2018-07-31',
          words: 100,
        },
      ],
      acousticModels: [
        {
          customizationId: AM,
          name: 'am',
          baseModelName: 'en-US_BroadbandModel',
          version: 'v2018-07-31',
          audioMinutes: 10,
          trainedWithLanguageModel: LM,
          unmodifiedSinceTraining,
        },
      ],
    },
  });
  return t;
}

async function completeLanguageModelUpgrade(s: TestSimulator): Promise<void> {
  await s.stt.upgradeLanguageModel({ customizationId: LM });
  s.clock.advance(seconds(200));
}

describe('acoustic models', () => {
  it('creates a model for a previous-generation base model only', async () => {
    t = await startTestSimulator();
    const { result, status } = await t.stt.createAcousticModel({
      name: 'am',
      baseModelName: 'en-US_NarrowbandModel',
    });
    expect(status).toBe(201);
    expect(t.sim.model(result.customization_id)).toMatchObject({
      status: 'pending',
      versions: ['en-US_NarrowbandModel.v2020-01-16'],
    });
    expect(t.sim.model(result.customization_id)).not.toHaveProperty('dialect');
    const failure = await ibmFailure(
      t.stt.createAcousticModel({ name: 'am', baseModelName: 'en-US_Telephony' }),
    );
    expect(failure).toMatchObject({
      status: 400,
      message: SimulatorMessages.noAcousticCustomization('en-US_Telephony'),
    });
  });

  it('reads the duration of WAV audio from its header and becomes ready', async () => {
    t = await startTestSimulator();
    const { result } = await t.stt.createAcousticModel({ name: 'am', baseModelName: 'en-US_BroadbandModel' });
    const id = result.customization_id;
    const mono = wavFile({ sampleRate: 16000, channels: 1, bitsPerSample: 16, seconds: 2.5 });
    const stereo = wavFile({ sampleRate: 8000, channels: 2, bitsPerSample: 8, seconds: 4 });
    expect(
      (
        await t.stt.addAudio({
          customizationId: id,
          audioName: 'a1',
          audioResource: mono,
          contentType: 'audio/wav',
        })
      ).status,
    ).toBe(201);
    await t.stt.addAudio({
      customizationId: id,
      audioName: 'a2',
      audioResource: stereo,
      contentType: 'audio/wav',
    });
    const listing = await t.stt.listAudio({ customizationId: id });
    expect(listing.result).toEqual({
      total_minutes_of_audio: 0.11,
      audio: [
        {
          name: 'a1',
          duration: 2.5,
          status: 'ok',
          details: { type: 'audio', codec: 'pcm_s16le', frequency: 16000 },
        },
        {
          name: 'a2',
          duration: 4,
          status: 'ok',
          details: { type: 'audio', codec: 'pcm_u8', frequency: 8000 },
        },
      ],
    });
    expect(t.sim.model(id)?.status).toBe('ready');
  });

  it('rejects a body that is not a readable WAV file with 400', async () => {
    t = await startTestSimulator();
    const { result } = await t.stt.createAcousticModel({ name: 'am', baseModelName: 'en-US_BroadbandModel' });
    const failure = await ibmFailure(
      t.stt.addAudio({
        customizationId: result.customization_id,
        audioName: 'bad',
        audioResource: Buffer.from('definitely not audio'),
        contentType: 'audio/wav',
      }),
    );
    expect(failure).toMatchObject({
      status: 400,
      message: SimulatorMessages.badWav('missing RIFF/WAVE header'),
    });
    const truncated = wavFile({ sampleRate: 16000, channels: 1, bitsPerSample: 16, seconds: 1 }).subarray(
      0,
      30,
    );
    const second = await ibmFailure(
      t.stt.addAudio({
        customizationId: result.customization_id,
        audioName: 'cut',
        audioResource: truncated,
        contentType: 'audio/wav',
      }),
    );
    expect(second.status).toBe(400);
    expect(t.sim.model(result.customization_id)?.status).toBe('pending');
  });

  it('answers 415 for an audio type it does not read', async () => {
    t = await startTestSimulator();
    const { result } = await t.stt.createAcousticModel({ name: 'am', baseModelName: 'en-US_BroadbandModel' });
    const failure = await ibmFailure(
      t.stt.addAudio({
        customizationId: result.customization_id,
        audioName: 'x',
        audioResource: Buffer.alloc(10),
        contentType: 'audio/mp3',
      }),
    );
    expect(failure.status).toBe(415);
  });

  it('trains with a custom language model: training, then available', async () => {
    const s = await withPair();
    await s.stt.addAudio({
      customizationId: AM,
      audioName: 'more',
      audioResource: wavFile({ sampleRate: 16000, channels: 1, bitsPerSample: 16, seconds: 1 }),
      contentType: 'audio/wav',
    });
    await s.stt.trainAcousticModel({ customizationId: AM, customLanguageModelId: LM });
    expect(s.sim.model(AM)?.status).toBe('training');
    s.clock.advance(seconds(601 * 1.2));
    expect(s.sim.model(AM)?.status).toBe('available');
  });

  it('refuses training with a language model on a different base version', async () => {
    const s = await withPair();
    await completeLanguageModelUpgrade(s);
    await s.stt.addAudio({
      customizationId: AM,
      audioName: 'more',
      audioResource: wavFile({ sampleRate: 16000, channels: 1, bitsPerSample: 16, seconds: 1 }),
      contentType: 'audio/wav',
    });
    const failure = await ibmFailure(
      s.stt.trainAcousticModel({ customizationId: AM, customLanguageModelId: LM }),
    );
    expect(failure.status).toBe(400);
    expect(failure.message).toContain('different version of the base model');
  });

  it('refuses the acoustic upgrade while its language model is on an older version', async () => {
    const s = await withPair();
    const failure = await ibmFailure(s.stt.upgradeAcousticModel({ customizationId: AM }));
    expect(failure.status).toBe(400);
    expect(failure.message).toContain('different version of the base model');
  });

  it('refuses the second step with a language model that is not on the latest version', async () => {
    const s = await withPair();
    const failure = await ibmFailure(
      s.stt.upgradeAcousticModel({ customizationId: AM, customLanguageModelId: LM }),
    );
    expect(failure.status).toBe(400);
    expect(failure.message).toContain('different version of the base model');
  });

  it('answers 404 for a second step naming an unknown language model', async () => {
    const s = await withPair();
    await completeLanguageModelUpgrade(s);
    const unknown = '66666666-6666-4666-8666-666666666666';
    const failure = await ibmFailure(
      s.stt.upgradeAcousticModel({ customizationId: AM, customLanguageModelId: unknown }),
    );
    expect(failure).toMatchObject({ status: 404, message: SimulatorMessages.notFound(unknown) });
  });

  it('runs IBM’s three steps: LM, acoustic (gains the version), acoustic with the LM (moves updated only)', async () => {
    const s = await withPair(false, { acousticUpgradeRatio: 2 });
    await completeLanguageModelUpgrade(s);
    await s.stt.upgradeAcousticModel({ customizationId: AM });
    expect(s.sim.model(AM)?.status).toBe('upgrading');
    // 10 minutes of audio at ratio 2: 1,200 s, spread 0.8-1.2.
    s.clock.advance(seconds(1200 * 0.8) - 1);
    expect(s.sim.model(AM)?.status).toBe('upgrading');
    s.clock.advance(seconds(1200 * 0.4) + 2);
    const afterStep2 = s.sim.model(AM);
    expect(afterStep2).toMatchObject({
      status: 'available',
      versions: ['en-US_BroadbandModel.v2018-07-31', 'en-US_BroadbandModel.v2020-01-16'],
    });
    await s.stt.upgradeAcousticModel({ customizationId: AM, customLanguageModelId: LM });
    expect(s.sim.model(AM)?.status).toBe('upgrading');
    s.clock.advance(seconds(1500));
    const afterStep3 = s.sim.model(AM);
    expect(afterStep3?.status).toBe('available');
    expect(afterStep3?.versions).toEqual(afterStep2?.versions);
    expect(Date.parse(afterStep3?.updated ?? '')).toBeGreaterThan(Date.parse(afterStep2?.updated ?? ''));
    const again = await ibmFailure(
      s.stt.upgradeAcousticModel({ customizationId: AM, customLanguageModelId: LM }),
    );
    expect(again.message).toBe(SimulatorMessages.alreadyUpToDate);
  });

  it('answers "No input data modified since last training" to the second step without force, and accepts force=true', async () => {
    const s = await withPair(true);
    await completeLanguageModelUpgrade(s);
    await s.stt.upgradeAcousticModel({ customizationId: AM });
    s.clock.advance(seconds(1000));
    const failure = await ibmFailure(
      s.stt.upgradeAcousticModel({ customizationId: AM, customLanguageModelId: LM }),
    );
    expect(failure).toMatchObject({ status: 400, message: 'No input data modified since last training' });
    expect(s.sim.model(AM)?.status).toBe('available');
    const forced = await s.stt.upgradeAcousticModel({
      customizationId: AM,
      customLanguageModelId: LM,
      force: true,
    });
    expect(forced.status).toBe(200);
    expect(s.sim.model(AM)?.status).toBe('upgrading');
  });

  it('refuses an acoustic model already on the latest version without a language model', async () => {
    const s = await withPair();
    await completeLanguageModelUpgrade(s);
    await s.stt.upgradeAcousticModel({ customizationId: AM });
    s.clock.advance(seconds(1000));
    const failure = await ibmFailure(s.stt.upgradeAcousticModel({ customizationId: AM }));
    expect(failure).toMatchObject({ status: 400, message: SimulatorMessages.alreadyUpToDate });
    expect(Date.parse(s.sim.model(AM)?.updated ?? '')).toBeGreaterThan(START);
  });

  it('refuses an acoustic model without audio with 400 "contains no data"', async () => {
    t = await startTestSimulator({
      fleet: {
        acousticModels: [
          {
            customizationId: AM,
            name: 'am',
            baseModelName: 'en-US_BroadbandModel',
            version: 'v2018-07-31',
            audioMinutes: 0,
            status: 'available',
          },
        ],
      },
    });
    const failure = await ibmFailure(t.stt.upgradeAcousticModel({ customizationId: AM }));
    expect(failure.status).toBe(400);
    expect(failure.message).toContain('contains no data');
  });
});
