import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LostAnswerKind, SimulatorRequestLogEntry } from '#simulator/index.js';
import { type IbmProxy, startProxy } from '#testkit/proxy.js';
import { type Harness, instanceId, startHarness } from './harness.js';

const base = 'en-US_BroadbandModel';
const release = 'v2026-11-24';
const target = `${base}.${release}`;
const upToDate = 'already on the latest base model version';

/** Fresh ids for every test: the history table (and its claims) outlives the simulator's reset. */
let LM = '';
let AM1 = '';
let AM2 = '';
let AM3 = '';
let idCounter = 0;
const nextId = (prefix: string) => `${prefix}000000-0000-4000-8000-${String(++idCounter).padStart(12, '0')}`;
beforeEach(() => {
  LM = nextId('1a');
  AM1 = nextId('1b');
  AM2 = nextId('1c');
  AM3 = nextId('1d');
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const languageModel = (overrides: Record<string, unknown> = {}) => ({
  customizationId: LM,
  name: 'calls',
  baseModelName: base,
  status: 'available' as const,
  words: 2000,
  ...overrides,
});
const acousticModel = (id: string, overrides: Record<string, unknown> = {}) => ({
  customizationId: id,
  name: `audio-${id.slice(-2)}`,
  baseModelName: base,
  status: 'available' as const,
  audioMinutes: 30,
  ...overrides,
});

/** A unit's execution input with the release announced, as the fleet gives it. */
const unit = (input: Record<string, unknown>) => ({
  instanceId,
  trigger: { type: 'manual', id: 'lost-answers' },
  options: { targetVersions: { [base]: release } },
  ...input,
});
let runs = 0;
const run = (input: unknown) => h.upgrader.runUnit(input, { name: `lost-answer-${++runs}` });
const historyOf = (runId: string) => h.upgrader.history.runHistory(runId);
const attemptOf = async (runId: string, customizationId: string) =>
  (await historyOf(runId)).attempts.find((a) => a.customizationId === customizationId);

/** Upgrade requests IBM applied, whether or not their answer reached the upgrader. */
const accepted = (entry: SimulatorRequestLogEntry) => entry.status === 200 || entry.appliedStatus === 200;
const upgradeRequests = (customizationId: string) =>
  h.simulator
    .requestLog()
    .filter((e) => e.customizationId === customizationId && e.operation.startsWith('upgrade_'));
/** `operation?query` of every upgrade request IBM applied to the model, in order. */
const acceptedUpgrades = (customizationId: string) =>
  upgradeRequests(customizationId)
    .filter(accepted)
    .map((e) => {
      const query = new URLSearchParams(e.query).toString();
      return query ? `${e.operation}?${query}` : e.operation;
    });

describe('an upgrade whose answer is lost is recorded as this run’s', () => {
  it.each<LostAnswerKind>(['reset', '502', '504'])(
    'records a language model whose upgrade_model answer was lost (%s) as upgraded by this run',
    async (answer) => {
      h.seed({ languageModels: [languageModel()] });
      h.simulator.releaseBaseModelVersion(base, release);
      h.simulator.addFaults([
        {
          kind: 'lose-answer',
          answer,
          times: 1,
          match: { operation: 'upgrade_language_model', customizationId: LM },
        },
      ]);
      const result = await run(unit({ languageModelId: LM }));
      expect(result.status).toBe('SUCCEEDED');
      expect(upgradeRequests(LM)[0]).toMatchObject({ answerLost: answer, appliedStatus: 200 });
      expect(acceptedUpgrades(LM)).toEqual(['upgrade_language_model']);
      expect(h.simulator.model(LM)?.versions).toContain(target);
      expect(await attemptOf(result.name, LM)).toMatchObject({
        outcome: 'upgraded',
        versionAfter: target,
        steps: ['upgrade'],
        lostAnswers: 1,
      });
      const requested = (await historyOf(result.name)).steps.filter((s) => s.step === 'upgrade');
      expect(requested).toEqual([
        expect.objectContaining({ detail: expect.objectContaining({ requested: true, answerLost: true }) }),
      ]);
    },
  );

  it('gives an acoustic model whose first step answer was lost its with-language-model step', async () => {
    h.seed({
      languageModels: [languageModel()],
      acousticModels: [acousticModel(AM1, { trainedWithLanguageModel: LM })],
    });
    h.simulator.releaseBaseModelVersion(base, release);
    h.simulator.addFaults([
      {
        kind: 'lose-answer',
        answer: '504',
        times: 1,
        match: { operation: 'upgrade_acoustic_model', customizationId: AM1 },
      },
    ]);
    const result = await run(
      unit({
        languageModelId: LM,
        acousticModels: [{ customizationId: AM1, trainedWithLanguageModel: true }],
      }),
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(upgradeRequests(AM1)[0]).toMatchObject({ answerLost: '504', query: {} });
    expect(acceptedUpgrades(AM1)).toEqual([
      'upgrade_acoustic_model',
      `upgrade_acoustic_model?custom_language_model_id=${LM}`,
    ]);
    expect(await attemptOf(result.name, AM1)).toMatchObject({
      outcome: 'upgraded',
      versionAfter: target,
      steps: ['upgrade', 'upgrade-with-language-model'],
      lostAnswers: 1,
    });
    expect(await h.upgrader.history.hasLanguageModelStep(instanceId, AM1, target)).toBe(true);
  });

  it('ends a unit whose every upgrade_model answer is lost with a correct record', async () => {
    h.seed({
      languageModels: [languageModel()],
      acousticModels: [
        acousticModel(AM1, { trainedWithLanguageModel: LM }),
        acousticModel(AM2),
        acousticModel(AM3, { trainedWithLanguageModel: LM, unmodifiedSinceTraining: true }),
      ],
    });
    h.simulator.releaseBaseModelVersion(base, release);
    h.simulator.addFaults([
      { kind: 'lose-answer', answer: 'reset', match: { operation: 'upgrade_language_model' } },
      { kind: 'lose-answer', answer: '502', match: { operation: 'upgrade_acoustic_model' } },
    ]);
    const result = await run(
      unit({
        languageModelId: LM,
        acousticModels: [
          { customizationId: AM1, trainedWithLanguageModel: true },
          { customizationId: AM2 },
          { customizationId: AM3, trainedWithLanguageModel: true },
        ],
      }),
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(acceptedUpgrades(LM)).toEqual(['upgrade_language_model']);
    expect(acceptedUpgrades(AM1)).toEqual([
      'upgrade_acoustic_model',
      `upgrade_acoustic_model?custom_language_model_id=${LM}`,
    ]);
    expect(acceptedUpgrades(AM2)).toEqual(['upgrade_acoustic_model']);
    // IBM refuses the unforced step ("No input data modified"): that answer is not lost, the forced one is.
    expect(acceptedUpgrades(AM3)).toEqual([
      'upgrade_acoustic_model',
      `upgrade_acoustic_model?custom_language_model_id=${LM}&force=true`,
    ]);
    expect(upgradeRequests(AM3).map((e) => e.status)).toEqual([502, 400, 502]);
    const { attempts } = await historyOf(result.name);
    const byId = new Map(attempts.map((a) => [a.customizationId, a]));
    expect(byId.get(LM)).toMatchObject({ outcome: 'upgraded', steps: ['upgrade'], lostAnswers: 1 });
    expect(byId.get(AM1)).toMatchObject({
      outcome: 'upgraded',
      steps: ['upgrade', 'upgrade-with-language-model'],
      lostAnswers: 2,
    });
    expect(byId.get(AM2)).toMatchObject({ outcome: 'upgraded', steps: ['upgrade'], lostAnswers: 1 });
    expect(byId.get(AM3)).toMatchObject({
      outcome: 'upgraded',
      steps: ['upgrade', 'upgrade-with-language-model-forced'],
      lostAnswers: 2,
    });
    for (const id of [LM, AM1, AM2, AM3]) expect(h.simulator.model(id)?.versions).toContain(target);
    for (const id of [AM1, AM3])
      expect(await h.upgrader.history.hasLanguageModelStep(instanceId, id, target)).toBe(true);
  });

  it('retries a request whose connection dropped before it reached IBM, and upgrades once', async () => {
    h.seed({ languageModels: [languageModel()] });
    h.simulator.releaseBaseModelVersion(base, release);
    h.simulator.addFaults([
      { kind: 'drop', times: 1, match: { operation: 'upgrade_language_model', customizationId: LM } },
    ]);
    const result = await run(unit({ languageModelId: LM }));
    expect(result.status).toBe('SUCCEEDED');
    expect(upgradeRequests(LM).map((e) => e.status)).toEqual([0, 200]);
    expect(acceptedUpgrades(LM)).toEqual(['upgrade_language_model']);
    const attempt = await attemptOf(result.name, LM);
    expect(attempt).toMatchObject({ outcome: 'upgraded', steps: ['upgrade'], retries: 1 });
    expect(attempt?.lostAnswers ?? 0).toBe(0);
  });
});

describe('the with-language-model step is owed until done', () => {
  it('repairs an acoustic model upgraded by hand without its language model, then skips it as up to date', async () => {
    h.seed({
      languageModels: [languageModel()],
      acousticModels: [acousticModel(AM1, { trainedWithLanguageModel: LM, audioMinutes: 5 })],
    });
    h.simulator.releaseBaseModelVersion(base, release);
    // Another tool did IBM's first two steps: the language model, then the acoustic model alone.
    const stt = await h.upgrader.stt(instanceId);
    for (const [id, upgrade] of [
      [LM, () => stt.upgradeLanguageModel(LM)],
      [AM1, () => stt.upgradeAcousticModel(AM1)],
    ] as const) {
      await upgrade();
      await expect
        .poll(() => h.simulator.model(id), { timeout: 20_000, interval: 20 })
        .toMatchObject({ status: 'available', versions: expect.arrayContaining([target]) });
    }
    h.simulator.clearRequestLog();

    const pairedUnit = unit({
      languageModelId: LM,
      acousticModels: [{ customizationId: AM1, trainedWithLanguageModel: true }],
    });
    const repair = await run(pairedUnit);
    expect(repair.status).toBe('SUCCEEDED');
    expect(acceptedUpgrades(AM1)).toEqual([`upgrade_acoustic_model?custom_language_model_id=${LM}`]);
    const { steps } = await historyOf(repair.name);
    const check = steps.find((s) => s.customizationId === AM1 && s.step === 'check');
    expect(check?.detail.decision).toBe('upgrade-with-language-model');
    expect(await attemptOf(repair.name, AM1)).toMatchObject({
      outcome: 'upgraded',
      steps: ['upgrade-with-language-model'],
    });
    expect(await h.upgrader.history.hasLanguageModelStep(instanceId, AM1, target)).toBe(true);

    h.simulator.clearRequestLog();
    const again = await run(pairedUnit);
    expect(again.status).toBe('SUCCEEDED');
    expect(upgradeRequests(AM1)).toEqual([]);
    expect(await attemptOf(again.name, AM1)).toMatchObject({ outcome: 'skipped', reason: upToDate });
  });
});

describe('IBM’s wording does not derail a unit', () => {
  const unknownText = 'The custom model is on the newest base model version; there is nothing to upgrade';

  it('skips a model on the latest version as up to date when IBM refuses with a text no rule knows, keeping the text', async () => {
    const proxy = await startRewordingProxy(h.simulator.url, /already up-to-date/i, unknownText);
    try {
      const upgrader = await h.startUpgrader({ instance: { id: instanceId, serviceUrl: proxy.url } });
      h.seed({
        baseModels: [{ name: base, versions: ['v2020-01-16', release] }],
        languageModels: [languageModel({ version: release })],
      });
      // No announced target: only IBM's refusal can tell that the model is up to date.
      const result = await upgrader.runUnit(
        { instanceId, trigger: { type: 'manual', id: 'reworded' }, languageModelId: LM },
        { name: 'reworded-refusal' },
      );
      expect(upgradeRequests(LM).map((e) => e.status)).toEqual([400]);
      expect(proxy.reworded()).toBe(1);
      expect({ status: result.status, error: result.error, cause: result.cause }).toMatchObject({
        status: 'SUCCEEDED',
      });
      const [attempt] = (await upgrader.history.runHistory(result.name)).attempts;
      expect(attempt).toMatchObject({ outcome: 'skipped' });
      expect(attempt?.reason).toContain(upToDate);
      expect(attempt?.reason).toContain(unknownText);
    } finally {
      await proxy.stop();
    }
  });
});

describe('claims know their owner', () => {
  it('upgrades a model once when two executions race and the winner’s answer is lost; the loser names the winner', async () => {
    // About half an hour of upgrade (0.1 s here): the loser checks while the winner's upgrade runs.
    h.seed({ languageModels: [languageModel({ words: 40_000 })] });
    h.simulator.releaseBaseModelVersion(base, release);
    h.simulator.addFaults([
      { kind: 'lose-answer', answer: 'reset', match: { operation: 'upgrade_language_model' } },
    ]);
    const input = unit({ languageModelId: LM });
    const results = await Promise.all([run(input), run(input)]);
    expect(results.map((r) => r.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(acceptedUpgrades(LM)).toEqual(['upgrade_language_model']);
    const attempts = await Promise.all(results.map((r) => attemptOf(r.name, LM)));
    const winner = attempts.findIndex((a) => a?.outcome === 'upgraded');
    expect(winner).toBeGreaterThanOrEqual(0);
    const loser = attempts[1 - winner];
    expect(attempts[winner]).toMatchObject({ steps: ['upgrade'], lostAnswers: 1 });
    expect(loser).toMatchObject({
      outcome: 'skipped',
      reason: `already handled by another run (${results[winner]?.name})`,
    });
  });
});

/**
 * A proxy in front of the simulator that rewords its 400 answers to upgrade_model, as IBM may word
 * them: the adapter's text rules then match nothing.
 */
async function startRewordingProxy(
  targetUrl: string,
  text: RegExp,
  replacement: string,
): Promise<IbmProxy & { reworded(): number }> {
  let reworded = 0;
  const proxy = await startProxy(targetUrl, (req, answer, res) => {
    const chunks: Buffer[] = [];
    answer.on('data', (chunk: Buffer) => chunks.push(chunk));
    answer.on('end', () => {
      let body = Buffer.concat(chunks).toString('utf8');
      if (answer.statusCode === 400 && req.url?.includes('/upgrade_model') && text.test(body)) {
        body = JSON.stringify({ ...JSON.parse(body), error: replacement });
        reworded += 1;
      }
      const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(body)) };
      res.writeHead(answer.statusCode ?? 502, headers);
      res.end(body);
    });
  });
  return { ...proxy, reworded: () => reworded };
}
