import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSttService, parseSttConnection } from '#adapters/stt/index.js';
import { ErrorName, SttError } from '#core/contract/errors.js';
import type { SttService } from '#core/model/custom-model.js';
import type { RunningSimulator } from '#simulator/index.js';
import { SimulatorMessages } from '#simulator/index.js';
import {
  broadband,
  ids,
  latestVersion,
  openService,
  pairFleet,
  startTestSimulator,
} from './simulator-fixture.js';

/** The SttError a call rejected with; fails the test if it resolved or threw something else. */
async function sttErrorOf(call: Promise<unknown>): Promise<SttError> {
  const outcome = await call.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(SttError);
  return outcome as SttError;
}

describe('SDK errors from the simulator map to stable names', () => {
  let sim: RunningSimulator;
  let stt: SttService;

  beforeAll(async () => {
    ({ sim } = await startTestSimulator());
    stt = openService(sim);
  });
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.reset();
    sim.seedFleet(pairFleet);
  });

  /** Seeds one more language model and returns its id. */
  function seedLanguageModel(seed: {
    baseModelName?: string;
    version?: string;
    status?: 'pending';
    words?: number;
  }) {
    const [id = ''] = sim.seedFleet({
      languageModels: [{ name: 'extra', baseModelName: broadband, words: 10, ...seed }],
    }).languageModels;
    return id;
  }

  it('404 unknown customization id -> ModelNotFound, message names operation, id, status and IBM text', async () => {
    const error = await sttErrorOf(stt.getLanguageModel(ids.unknown));
    expect(error.name).toBe(ErrorName.ModelNotFound);
    expect(error.status).toBe(404);
    expect(error.ibmMessage).toBe(SimulatorMessages.notFound(ids.unknown));
    expect(error.message).toBe(
      `get_language_model ${ids.unknown}: no custom model with this customization id (HTTP 404: ${SimulatorMessages.notFound(ids.unknown)})`,
    );
  });

  it('409 model locked by an upgrade in progress -> ModelBusy', async () => {
    await stt.upgradeLanguageModel(ids.languageModel);
    const error = await sttErrorOf(stt.upgradeLanguageModel(ids.languageModel));
    expect(error.name).toBe(ErrorName.ModelBusy);
    expect(error.status).toBe(409);
    expect(error.message).toMatch(
      /^upgrade_language_model 1{8}-.*: the model is busy with another request \(HTTP 409: .*locked/,
    );
  });

  it("400 model not 'ready' or 'available' -> ModelNotUpgradable not-ready", async () => {
    const pending = seedLanguageModel({ status: 'pending' });
    const error = await sttErrorOf(stt.upgradeLanguageModel(pending));
    expect(error).toMatchObject({ name: ErrorName.ModelNotUpgradable, reason: 'not-ready', status: 400 });
  });

  it('400 model without data -> ModelNotUpgradable no-data', async () => {
    const empty = seedLanguageModel({ words: 0 });
    const error = await sttErrorOf(stt.upgradeLanguageModel(empty));
    expect(error).toMatchObject({ name: ErrorName.ModelNotUpgradable, reason: 'no-data', status: 400 });
  });

  it('400 acoustic model ahead of its language model -> ModelNotUpgradable base-version-mismatch', async () => {
    const error = await sttErrorOf(stt.upgradeAcousticModel(ids.acousticModel));
    expect(error).toMatchObject({
      name: ErrorName.ModelNotUpgradable,
      reason: 'base-version-mismatch',
      status: 400,
    });
  });

  it('400 already up-to-date -> ModelNotUpgradable already-up-to-date', async () => {
    const current = seedLanguageModel({ version: latestVersion });
    const error = await sttErrorOf(stt.upgradeLanguageModel(current));
    expect(error).toMatchObject({
      name: ErrorName.ModelNotUpgradable,
      reason: 'already-up-to-date',
      status: 400,
    });
    expect(error.ibmMessage).toBe(SimulatorMessages.alreadyUpToDate);
  });

  it('400 improved next-generation model -> ModelNotUpgradable improved-next-generation', async () => {
    const improved = seedLanguageModel({ baseModelName: 'en-US_Telephony', version: 'v2021-07-29' });
    const error = await sttErrorOf(stt.upgradeLanguageModel(improved));
    expect(error).toMatchObject({
      name: ErrorName.ModelNotUpgradable,
      reason: 'improved-next-generation',
      status: 400,
    });
  });

  it('400 no input modified -> NoInputModified, then the same request with force succeeds', async () => {
    sim.reset();
    sim.seedFleet({
      languageModels: [
        {
          customizationId: ids.languageModel,
          name: 'calls LM',
          baseModelName: broadband,
          version: latestVersion,
          words: 9,
        },
      ],
      acousticModels: [
        {
          customizationId: ids.acousticModel,
          name: 'calls AM',
          baseModelName: broadband,
          version: latestVersion,
          audioMinutes: 3,
          trainedWithLanguageModel: ids.languageModel,
          unmodifiedSinceTraining: true,
        },
      ],
    });
    const secondStep = { customLanguageModelId: ids.languageModel };
    const error = await sttErrorOf(stt.upgradeAcousticModel(ids.acousticModel, secondStep));
    expect(error).toMatchObject({ name: ErrorName.NoInputModified, status: 400 });
    await stt.upgradeAcousticModel(ids.acousticModel, { ...secondStep, force: true });
    expect((await stt.getAcousticModel(ids.acousticModel)).status).toBe('upgrading');
  });

  it.each([429, 503] as const)('%i from a fault -> Transient', async (status) => {
    // Reads are tried three times before the fault reaches the state machine.
    sim.addFaults([{ kind: 'status', status, times: 3, match: { operation: 'get_language_model' } }]);
    const error = await sttErrorOf(stt.getLanguageModel(ids.languageModel));
    expect(error).toMatchObject({ name: ErrorName.Transient, status });
    expect(error.message).toContain(`(HTTP ${status}: ${SimulatorMessages.injectedFault(status)})`);
  });

  it('retries a read through a passing fault, but never an upgrade request', async () => {
    const before = sim.requestLog().length;
    sim.addFaults([{ kind: 'status', status: 503, times: 2, match: { operation: 'get_language_model' } }]);
    await expect(stt.getLanguageModel(ids.languageModel)).resolves.toMatchObject({ status: 'available' });
    expect(
      sim
        .requestLog()
        .slice(before)
        .map((entry) => entry.status),
    ).toEqual([503, 503, 200]);

    sim.addFaults([
      { kind: 'status', status: 503, times: 1, match: { operation: 'upgrade_language_model' } },
    ]);
    const error = await sttErrorOf(stt.upgradeLanguageModel(ids.languageModel));
    expect(error.name).toBe(ErrorName.Transient);
    expect(sim.requestLog().filter((entry) => entry.operation === 'upgrade_language_model')).toHaveLength(1);
  });

  it('dropped connection -> Transient, with no HTTP status', async () => {
    sim.addFaults([{ kind: 'drop', times: 1, match: { operation: 'upgrade_language_model' } }]);
    const error = await sttErrorOf(stt.upgradeLanguageModel(ids.languageModel));
    expect(error.name).toBe(ErrorName.Transient);
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(
      /^upgrade_language_model .*: the connection failed; try again later \(no HTTP answer: /,
    );
  });

  it('an answer slower than the request timeout -> Transient, instead of a hung handler', async () => {
    const impatient = createSttService(
      parseSttConnection({ serviceUrl: sim.url, auth: { type: 'none' }, requestTimeoutSeconds: 0.1 }),
    );
    sim.addFaults([{ kind: 'latency', ms: 400, times: 3, match: { operation: 'get_language_model' } }]);
    const error = await sttErrorOf(impatient.getLanguageModel(ids.languageModel));
    expect(error.name).toBe(ErrorName.Transient);
    expect(error.status).toBeUndefined();
  });
});
