import { NoAuthAuthenticator } from 'ibm-watson/auth/index.js';
import SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, instanceId, startHarness } from './harness.js';

/**
 * Improved next-generation language models are upgraded by retraining (opt-in): the synthesized
 * unit definition, run locally against a simulator that plays IBM Cloud or Cloud Pak for Data.
 */
const base = 'en-US_Telephony';
const OLD = `${base}.v2023-01-01`;
const NEW = `${base}.v2024-06-01`;
let idCounter = 0;
const nextId = () => `0d000000-0000-4000-8000-${String(++idCounter).padStart(12, '0')}`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** A language model of an improved base model with a corpus and a word, `ready` (added, not trained) or `available`. */
async function improvedModel(
  options: Parameters<typeof startHarness>[0],
  status: 'ready' | 'available',
): Promise<{ h: Harness; lm: string; sdk: SpeechToTextV1 }> {
  h = await startHarness(options);
  const lm = nextId();
  h.seed({
    baseModels: [{ name: base, versions: ['v2023-01-01'], upgradeMethod: 'retrain' }],
    languageModels: [{ customizationId: lm, name: 'claims', baseModelName: base, version: 'v2023-01-01' }],
  });
  const sdk = new SpeechToTextV1({ authenticator: new NoAuthAuthenticator(), serviceUrl: h.simulator.url });
  await sdk.addCorpus({
    customizationId: lm,
    corpusName: 'claims',
    corpusFile: Buffer.from('my claim status'),
  });
  // IBM analyses one corpus at a time and takes no words meanwhile.
  await until(h, lm, 'ready');
  await sdk.addWords({ customizationId: lm, words: [{ word: 'zurich', sounds_like: ['zoo rick'] }] });
  await until(h, lm, 'ready');
  if (status === 'available') {
    await sdk.trainLanguageModel({ customizationId: lm });
    await until(h, lm, 'available');
  }
  // IBM improves the base model only now: training moves a model of it to the new version.
  h.simulator.releaseBaseModelVersion(base, 'v2024-06-01');
  return { h, lm, sdk };
}

async function until(harness: Harness, id: string, status: string): Promise<void> {
  for (let i = 0; i < 2_000 && harness.simulator.model(id)?.status !== status; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(harness.simulator.model(id)?.status).toBe(status);
}

let runs = 0;
const runUnit = (harness: Harness, lm: string, options: Record<string, unknown> = {}) =>
  harness.upgrader.runUnit(
    { instanceId, languageModelId: lm, trigger: { type: 'manual', id: 'retrain' }, options },
    { name: `retrain-${++runs}` },
  );
const attemptOf = async (harness: Harness, runId: string) =>
  (await harness.upgrader.history.runHistory(runId)).attempts[0];
const trainCalls = (harness: Harness, lm: string) =>
  harness.callsFor(lm).filter((call) => call.startsWith('train'));

describe('retraining improved next-generation language models', () => {
  it('retrains with force on IBM Cloud and records it as the upgrade step `retrain`', async () => {
    const { h, lm } = await improvedModel({ settings: { retrainImprovedModels: true } }, 'available');
    const before = trainCalls(h, lm).length;
    const result = await runUnit(h, lm);
    expect(result.status).toBe('SUCCEEDED');
    expect(trainCalls(h, lm).slice(before)).toEqual(['train_language_model?force=true']);
    expect(h.simulator.model(lm)?.versions).toContain(NEW);
    const attempt = await attemptOf(h, result.name);
    expect(attempt).toMatchObject({ outcome: 'upgraded', versionAfter: NEW, steps: ['retrain'] });
    expect(attempt?.reason).toBe(`retrained: IBM added version ${NEW}`);
  });

  it('trains a ready model on Cloud Pak for Data, where there is no force', async () => {
    const { h, lm } = await improvedModel(
      { platform: 'cpd', settings: { retrainImprovedModels: true, platform: 'cloud-pak' } },
      'ready',
    );
    const result = await runUnit(h, lm);
    expect(result.status).toBe('SUCCEEDED');
    expect(trainCalls(h, lm)).toEqual(['train_language_model']);
    expect(await attemptOf(h, result.name)).toMatchObject({ outcome: 'upgraded', steps: ['retrain'] });
    expect(h.simulator.model(lm)?.versions).toContain(NEW);
  });

  it('skips an available model on Cloud Pak for Data, saying what the operator must do', async () => {
    const { h, lm } = await improvedModel(
      { platform: 'cpd', settings: { retrainImprovedModels: true, platform: 'cloud-pak' } },
      'available',
    );
    const before = trainCalls(h, lm).length;
    const result = await runUnit(h, lm);
    expect(result.status).toBe('SUCCEEDED');
    expect(trainCalls(h, lm).length).toBe(before);
    const attempt = await attemptOf(h, result.name);
    expect(attempt?.outcome).toBe('skipped');
    expect(attempt?.reason).toContain('add or change a word, corpus or grammar, then run again');
  });

  it('skips a model with invalid resources, naming them, and leaves it untouched', async () => {
    const { h, lm } = await improvedModel({ settings: { retrainImprovedModels: true } }, 'available');
    h.simulator.markInvalidResources(lm, { corpora: ['claims'], error: 'bad encoding' });
    const before = trainCalls(h, lm).length;
    const result = await runUnit(h, lm);
    expect(result.status).toBe('SUCCEEDED');
    expect(trainCalls(h, lm).length).toBe(before);
    expect(h.simulator.model(lm)).toMatchObject({ status: 'available', versions: [OLD] });
    const attempt = await attemptOf(h, result.name);
    expect(attempt?.outcome).toBe('skipped');
    expect(attempt?.reason).toContain("corpus 'claims' (bad encoding)");
  });

  it('retrains past invalid resources when the run says strict: false, and records it', async () => {
    const { h, lm } = await improvedModel({ settings: { retrainImprovedModels: true } }, 'available');
    h.simulator.markInvalidResources(lm, { words: ['zurich'] });
    const before = trainCalls(h, lm).length;
    const result = await runUnit(h, lm, { strictTraining: false });
    expect(result.status).toBe('SUCCEEDED');
    expect(trainCalls(h, lm).slice(before)).toEqual(['train_language_model?strict=false&force=true']);
    expect(h.simulator.model(lm)).toMatchObject({ status: 'available' });
    expect(await attemptOf(h, result.name)).toMatchObject({ outcome: 'upgraded', steps: ['retrain'] });
  });

  it('retries a train request IBM answers 409 while the model is busy, then retrains', async () => {
    const { h, lm } = await improvedModel({ settings: { retrainImprovedModels: true } }, 'available');
    h.simulator.addFaults([
      {
        kind: 'status',
        status: 409,
        match: { operation: 'train_language_model', customizationId: lm },
        times: 1,
      },
    ]);
    const result = await runUnit(h, lm);
    expect(result.status).toBe('SUCCEEDED');
    const attempt = await attemptOf(h, result.name);
    expect(attempt).toMatchObject({ outcome: 'upgraded', steps: ['retrain'] });
    expect(attempt?.retries).toBe(1);
    expect(h.simulator.model(lm)?.versions).toContain(NEW);
  });

  it('records a retrain whose answer was lost as this run’s, and trains once', async () => {
    const { h, lm } = await improvedModel({ settings: { retrainImprovedModels: true } }, 'available');
    h.simulator.addFaults([
      {
        kind: 'lose-answer',
        answer: 'reset',
        match: { operation: 'train_language_model', customizationId: lm },
        times: 1,
      },
    ]);
    const before = trainCalls(h, lm).length;
    const result = await runUnit(h, lm);
    expect(result.status).toBe('SUCCEEDED');
    expect(trainCalls(h, lm).slice(before)).toEqual(['train_language_model?force=true']);
    const attempt = await attemptOf(h, result.name);
    expect(attempt).toMatchObject({ outcome: 'upgraded', steps: ['retrain'], lostAnswers: 1 });
  });

  it('changes nothing without the opt-in: the model is skipped with the retraining reason', async () => {
    const { h, lm } = await improvedModel({}, 'available');
    const before = trainCalls(h, lm).length;
    const result = await runUnit(h, lm);
    expect(result.status).toBe('SUCCEEDED');
    expect(trainCalls(h, lm).length).toBe(before);
    const attempt = await attemptOf(h, result.name);
    expect(attempt?.outcome).toBe('skipped');
    expect(attempt?.reason).toContain('upgrade by retraining');
  });

  it('takes the opt-in from the run as well as from the deploy config', async () => {
    const { h, lm } = await improvedModel({}, 'available');
    const result = await runUnit(h, lm, { retrainImprovedModels: true });
    expect(result.status).toBe('SUCCEEDED');
    expect((await attemptOf(h, result.name))?.steps).toEqual(['retrain']);
  });
});
