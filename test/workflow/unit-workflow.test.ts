import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AcousticModelSeed, LanguageModelSeed } from '#simulator/index.js';
import { type Harness, instanceId, laggingIndexes, startHarness } from './harness.js';

const base = 'en-US_BroadbandModel';
const release = 'v2026-11-24';
/**
 * Fresh ids for every test: the history table (and its claims) outlives the simulator's reset,
 * as it outlives a real model's history.
 */
let LM = '';
let AM1 = '';
let AM2 = '';
let idCounter = 0;
const nextId = (prefix: string) => `${prefix}000000-0000-4000-8000-${String(++idCounter).padStart(12, '0')}`;
beforeEach(() => {
  LM = nextId('0a');
  AM1 = nextId('0b');
  AM2 = nextId('0c');
});

const languageModel = (overrides: Partial<LanguageModelSeed> = {}): LanguageModelSeed => ({
  customizationId: LM,
  name: 'calls',
  baseModelName: base,
  status: 'available',
  words: 2000,
  ...overrides,
});
const acousticModel = (id: string, overrides: Partial<AcousticModelSeed> = {}): AcousticModelSeed => ({
  customizationId: id,
  name: `audio-${id.slice(-1)}`,
  baseModelName: base,
  status: 'available',
  audioMinutes: 60,
  ...overrides,
});

/** The unit's execution input, as the fleet or an operator gives it. */
function unit(input: Record<string, unknown>) {
  return { instanceId, trigger: { type: 'manual', id: 'test' }, ...input };
}

let h: Harness;
let runs = 0;
const run = (input: unknown) => h.upgrader.runUnit(input, { name: `unit-test-${++runs}` });
const attemptsOf = async (runId: string) => (await h.upgrader.history.runHistory(runId)).attempts;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

describe('upgrade-unit workflow, synthesized definition run locally against the simulator', () => {
  it('upgrades a lone language model: one upgrade call, polls until the new version appears', async () => {
    h.seed({ languageModels: [languageModel()] });
    h.simulator.releaseBaseModelVersion(base, release);
    const result = await run(unit({ languageModelId: LM }));
    expect(result.status).toBe('SUCCEEDED');
    const calls = h.callsFor(LM);
    expect(calls[0]).toBe('get_language_model');
    expect(calls.filter((c) => c.startsWith('upgrade_'))).toEqual(['upgrade_language_model']);
    expect(calls.at(-1)).toBe('get_language_model');
    const [attempt] = await attemptsOf(result.name);
    expect(attempt).toMatchObject({
      outcome: 'upgraded',
      versionAfter: `${base}.${release}`,
      steps: ['upgrade'],
    });
    expect(attempt?.polls).toBeGreaterThan(0);
    expect(h.simulator.model(LM)?.versions).toContain(`${base}.${release}`);
  });

  it('upgrades a lone acoustic model once, without language model or force', async () => {
    h.seed({ acousticModels: [acousticModel(AM1)] });
    h.simulator.releaseBaseModelVersion(base, release);
    const result = await run(unit({ acousticModels: [{ customizationId: AM1 }] }));
    expect(result.status).toBe('SUCCEEDED');
    expect(h.callsFor(AM1).filter((c) => c.startsWith('upgrade_'))).toEqual(['upgrade_acoustic_model']);
    expect((await attemptsOf(result.name))[0]).toMatchObject({ outcome: 'upgraded', kind: 'acoustic' });
  });

  it('runs IBM procedure for acoustic models trained with the language model: LM, AM, AM with LM, then force', async () => {
    h.seed({
      languageModels: [languageModel()],
      acousticModels: [
        acousticModel(AM1, { trainedWithLanguageModel: LM, unmodifiedSinceTraining: true }),
        acousticModel(AM2, { trainedWithLanguageModel: LM, audioMinutes: 30 }),
      ],
    });
    h.simulator.releaseBaseModelVersion(base, release);
    const result = await run(
      unit({
        languageModelId: LM,
        acousticModels: [
          { customizationId: AM1, trainedWithLanguageModel: true },
          { customizationId: AM2, trainedWithLanguageModel: true },
        ],
      }),
    );
    expect(result.status).toBe('SUCCEEDED');
    const upgrades = h.simulator
      .requestLog()
      .filter((e) => e.operation.startsWith('upgrade_'))
      .map((e) => ({ id: e.customizationId, query: e.query, status: e.status }));
    // The language model is upgraded, and done, before any acoustic model is touched.
    expect(upgrades[0]).toEqual({ id: LM, query: {}, status: 200 });
    expect(upgrades.filter((u) => u.id === AM1)).toEqual([
      { id: AM1, query: {}, status: 200 },
      { id: AM1, query: { custom_language_model_id: LM }, status: 400 },
      { id: AM1, query: { custom_language_model_id: LM, force: 'true' }, status: 200 },
    ]);
    expect(upgrades.filter((u) => u.id === AM2)).toEqual([
      { id: AM2, query: {}, status: 200 },
      { id: AM2, query: { custom_language_model_id: LM }, status: 200 },
    ]);
    const attempts = await attemptsOf(result.name);
    const byId = new Map(attempts.map((a) => [a.customizationId, a]));
    expect(byId.get(AM1)?.steps).toEqual(['upgrade', 'upgrade-with-language-model-forced']);
    expect(byId.get(AM2)?.steps).toEqual(['upgrade', 'upgrade-with-language-model']);
    expect(attempts.every((a) => a.outcome === 'upgraded')).toBe(true);
  });

  it('waits for a model that is training, then upgrades it', async () => {
    // Three hours of training: about half a second here, longer than any pause of a loaded machine.
    h.seed({ languageModels: [languageModel({ status: 'training', busyForSeconds: 3 * 3600 })] });
    h.simulator.releaseBaseModelVersion(base, release);
    const result = await run(unit({ languageModelId: LM }));
    expect(result.status).toBe('SUCCEEDED');
    const calls = h.callsFor(LM);
    const firstUpgrade = calls.indexOf('upgrade_language_model');
    expect(firstUpgrade).toBeGreaterThan(1);
    // Only reads before it: the model while it trains, then its resources to size the upgrade.
    expect(
      calls.slice(0, firstUpgrade).every((c) => c === 'get_language_model' || c.startsWith('list_')),
    ).toBe(true);
    const { steps } = await h.upgrader.history.runHistory(result.name);
    expect(steps.filter((s) => s.step === 'check').map((s) => s.detail.decision)).toContain('wait');
  });

  it('gives up on a model still busy past the busy deadline, without asking for an upgrade', async () => {
    h.seed({ languageModels: [languageModel({ status: 'training', busyForSeconds: 48 * 3600 })] });
    h.simulator.releaseBaseModelVersion(base, release);
    const result = await run(unit({ languageModelId: LM, options: { busyDeadlineSeconds: 1800 } }));
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('ModelBusyTimeout');
    expect(result.cause).toContain(LM);
    expect(h.callsFor(LM)).not.toContain('upgrade_language_model');
    expect((await attemptsOf(result.name))[0]).toMatchObject({
      outcome: 'failed',
      error: 'ModelBusyTimeout',
    });
  });

  it('ends Failed with UpgradeFailed and IBM’s text when the upgrade ends in status failed', async () => {
    h.seed({ acousticModels: [acousticModel(AM1)] });
    h.simulator.releaseBaseModelVersion(base, release);
    h.simulator.addFaults([
      { match: { customizationId: AM1 }, kind: 'upgrade-fails', error: 'Audio resource corrupt' },
    ]);
    const result = await run(unit({ acousticModels: [{ customizationId: AM1 }] }));
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('UpgradeFailed');
    expect(result.cause).toContain('Audio resource corrupt');
    expect(result.cause).toContain(`acoustic model ${AM1}`);
    const [attempt] = await attemptsOf(result.name);
    expect(attempt).toMatchObject({ outcome: 'failed', error: 'UpgradeFailed' });
    const now = h.clock.nowMs();
    // The failure index is an operator's view and may lag, as in AWS: read it once it caught up.
    h.dynamo.faults?.configure({});
    const failures = await h.upgrader.history.failuresSince(
      new Date(now - 7 * 86_400_000).toISOString(),
      new Date(now).toISOString(),
    );
    h.dynamo.faults?.configure(laggingIndexes);
    expect(failures).toEqual(
      expect.arrayContaining([expect.objectContaining({ customizationId: AM1, runId: result.name })]),
    );
  });

  it('retries a burst of 429 and 503 answers with backoff and counts the retries', async () => {
    h.seed({ languageModels: [languageModel()] });
    h.simulator.releaseBaseModelVersion(base, release);
    h.simulator.addFaults([
      { match: { operation: 'upgrade_language_model' }, kind: 'status', status: 429, times: 1 },
      { match: { operation: 'upgrade_language_model' }, kind: 'status', status: 503, times: 1 },
    ]);
    const result = await run(unit({ languageModelId: LM }));
    expect(result.status).toBe('SUCCEEDED');
    const upgrades = h.simulator.requestLog().filter((e) => e.operation === 'upgrade_language_model');
    expect(upgrades.map((e) => e.status)).toEqual([429, 503, 200]);
    expect((await attemptsOf(result.name))[0]).toMatchObject({ outcome: 'upgraded', retries: 2 });
  });

  it('leaves a model that was ready (not trained) ready, and says so', async () => {
    h.seed({ languageModels: [languageModel({ status: 'ready' })] });
    h.simulator.releaseBaseModelVersion(base, release);
    const result = await run(unit({ languageModelId: LM }));
    expect(result.status).toBe('SUCCEEDED');
    expect(h.callsFor(LM)).not.toContain('train_language_model');
    const [attempt] = await attemptsOf(result.name);
    expect(attempt).toMatchObject({ outcome: 'upgraded', leftStatus: 'ready', statusBefore: 'ready' });
    expect(attempt?.reason).toContain('not trained');
  });
});

describe('skip reasons', () => {
  it('skips a model IBM says is already up to date', async () => {
    h.seed({ languageModels: [languageModel()] });
    const result = await run(unit({ languageModelId: LM }));
    expect(result.status).toBe('SUCCEEDED');
    expect(h.callsFor(LM).filter((c) => c.startsWith('upgrade_'))).toEqual(['upgrade_language_model']);
    expect((await attemptsOf(result.name))[0]).toMatchObject({
      outcome: 'skipped',
      reason: 'already on the latest base model version',
    });
  });

  it('skips, without calling upgrade, a model already on the announced target version', async () => {
    h.seed({ languageModels: [languageModel()] });
    h.simulator.releaseBaseModelVersion(base, release);
    h.simulator.releaseBaseModelVersion(base, 'v2027-01-01');
    const current = h.simulator.model(LM)?.versions.at(-1)?.split('.').at(-1);
    const result = await run(unit({ languageModelId: LM, options: { targetVersions: { [base]: current } } }));
    expect(result.status).toBe('SUCCEEDED');
    expect(h.callsFor(LM)).toEqual(['get_language_model']);
    expect((await attemptsOf(result.name))[0]).toMatchObject({ outcome: 'skipped' });
  });

  it('skips a model with no data', async () => {
    h.seed({ languageModels: [languageModel({ words: 0, status: 'pending' })] });
    h.simulator.releaseBaseModelVersion(base, release);
    const result = await run(unit({ languageModelId: LM }));
    expect(result.status).toBe('SUCCEEDED');
    expect(h.callsFor(LM)).not.toContain('upgrade_language_model');
    expect((await attemptsOf(result.name))[0]?.reason).toContain('no data');
  });

  it('skips a model on an improved next-generation base model: it upgrades by retraining', async () => {
    h.seed({
      baseModels: [
        { name: 'en-US_Telephony', versions: ['v2023-01-01', 'v2024-06-01'], upgradeMethod: 'retrain' },
      ],
      languageModels: [languageModel({ baseModelName: 'en-US_Telephony', version: 'v2023-01-01' })],
    });
    const result = await run(unit({ languageModelId: LM }));
    expect(result.status).toBe('SUCCEEDED');
    expect((await attemptsOf(result.name))[0]?.reason).toContain('retraining');
  });

  it('records a dry run without asking IBM for anything but reads', async () => {
    h.seed({ languageModels: [languageModel()] });
    h.simulator.releaseBaseModelVersion(base, release);
    const result = await run(unit({ languageModelId: LM, options: { dryRun: true } }));
    expect(result.status).toBe('SUCCEEDED');
    expect(h.callsFor(LM)).toEqual(['get_language_model']);
    expect((await attemptsOf(result.name))[0]).toMatchObject({
      outcome: 'skipped',
      reason: 'dry run: would upgrade',
    });
  });
});

describe('DynamoDB indexes lagging behind the table, as in AWS', () => {
  it('summarizes the unit from what its tasks just wrote, not from the lagging index', async () => {
    h.seed({
      languageModels: [languageModel()],
      acousticModels: [acousticModel(AM1, { trainedWithLanguageModel: LM, audioMinutes: 30 })],
    });
    h.simulator.releaseBaseModelVersion(base, release);
    const result = await run(
      unit({
        languageModelId: LM,
        acousticModels: [{ customizationId: AM1, trainedWithLanguageModel: true }],
      }),
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toMatchObject({ outcome: 'succeeded', upgraded: 2, failed: 0 });
    const { run: record, attempts } = await h.upgrader.history.runHistory(result.name);
    expect(record).toMatchObject({ outcome: 'succeeded' });
    expect(attempts.map((a) => [a.customizationId, a.outcome])).toEqual([
      [LM, 'upgraded'],
      [AM1, 'upgraded'],
    ]);
  });

  it('gives the acoustic models a failed language model kept the unit from reaching a record', async () => {
    h.seed({
      languageModels: [languageModel()],
      acousticModels: [acousticModel(AM1, { trainedWithLanguageModel: LM })],
    });
    h.simulator.releaseBaseModelVersion(base, release);
    h.simulator.addFaults([
      { match: { customizationId: LM }, kind: 'upgrade-fails', error: 'Corpus corrupt' },
    ]);
    const result = await run(
      unit({
        languageModelId: LM,
        acousticModels: [{ customizationId: AM1, trainedWithLanguageModel: true }],
      }),
    );
    expect(result.error).toBe('UpgradeFailed');
    const attempts = await attemptsOf(result.name);
    // Attempts come ordered by customization id: the language model's ids sort first here.
    expect(attempts.map((a) => [a.customizationId, a.outcome])).toEqual([
      [LM, 'failed'],
      [AM1, 'skipped'],
    ]);
  });
});

describe('input and concurrency', () => {
  it('rejects bad input before any call to IBM, naming the field, and records the rejection', async () => {
    h.seed({ languageModels: [languageModel()] });
    const result = await run(
      unit({
        languageModelId: 'not-a-uuid',
        acousticModels: [{ customizationId: AM1, trainedWithLanguageModel: true, extra: 1 }],
      }),
    );
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('InvalidInput');
    expect(result.cause).toContain('languageModelId');
    expect(result.cause).toContain('extra');
    expect(h.simulator.requestLog()).toEqual([]);
    const { run: record } = await h.upgrader.history.runHistory(result.name);
    expect(record).toMatchObject({ outcome: 'rejected', error: 'InvalidInput' });
  });

  it('rejects an acoustic model paired with a language model the unit does not have', async () => {
    const result = await run(
      unit({ acousticModels: [{ customizationId: AM1, trainedWithLanguageModel: true }] }),
    );
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('InvalidInput');
    expect(result.cause).toContain('acousticModels.0.trainedWithLanguageModel');
  });

  it('respects the claim of a run at work, and takes over one whose lease lapsed when its run died', async () => {
    h.seed({ languageModels: [languageModel()] });
    h.simulator.releaseBaseModelVersion(base, release);
    const input = unit({ languageModelId: LM, options: { targetVersions: { [base]: release } } });
    const claimBy = async (runId: string, claimedAt: Date) => {
      await h.upgrader.history.startRun({
        runId,
        instanceId,
        trigger: { type: 'manual', id: 'test' },
        dryRun: false,
        startedAt: claimedAt.toISOString(),
        modelIds: [LM],
      });
      // Claims name the version a step starts from, so runs with and without a known target collide.
      const target = {
        instanceId,
        customizationId: LM,
        upgradeStep: 'upgrade',
        targetKey: `from:${base}.v2020-01-16`,
      };
      expect((await h.upgrader.history.claim(target, runId, claimedAt.toISOString())).granted).toBe(true);
    };
    await claimBy(`busy-${LM}`, h.clock.now());
    const respected = await run(input);
    expect((await attemptsOf(respected.name))[0]?.reason).toBe(`already handled by another run (busy-${LM})`);
    await h.upgrader.history.releaseClaims(instanceId, LM, `busy-${LM}`);

    await claimBy(`crashed-${LM}`, new Date(h.clock.nowMs() - 30 * 86_400_000));
    const takenOver = await run(input);
    expect((await attemptsOf(takenOver.name))[0]).toMatchObject({ outcome: 'upgraded' });
    expect(h.callsFor(LM).filter((c) => c === 'upgrade_language_model')).toHaveLength(1);
  });

  it('upgrades a model once when two executions for it run at the same time', async () => {
    h.seed({ languageModels: [languageModel()] });
    h.simulator.releaseBaseModelVersion(base, release);
    const input = unit({ languageModelId: LM, options: { targetVersions: { [base]: release } } });
    const [a, b] = await Promise.all([run(input), run(input)]);
    expect([a?.status, b?.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(h.callsFor(LM).filter((c) => c === 'upgrade_language_model')).toHaveLength(1);
    const outcomes = [...(await attemptsOf(a?.name ?? '')), ...(await attemptsOf(b?.name ?? ''))].map(
      (x) => x.outcome,
    );
    expect(outcomes.toSorted()).toEqual(['skipped', 'upgraded']);
  });
});

describe('credentials', () => {
  it('fails with AuthFailed on bad credentials, after one request and no retry storm', async () => {
    const denied = await startHarness({
      auth: { kind: 'basic', apikey: 'right-key' },
      connectionAuth: { type: 'basic', username: 'apikey', password: 'wrong-key' },
    });
    try {
      denied.seed({ languageModels: [languageModel()] });
      const result = await denied.upgrader.runUnit(unit({ languageModelId: LM }), { name: 'auth-test' });
      expect(result.status).toBe('FAILED');
      expect(result.error).toBe('AuthFailed');
      expect(denied.simulator.requestLog()).toHaveLength(1);
    } finally {
      await denied.stop();
    }
  });
});
