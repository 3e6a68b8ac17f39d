import { afterEach, describe, expect, it } from 'vitest';
import { toSttError } from '#adapters/stt/errors.js';
import { ErrorName } from '#core/contract/workflow-contract.js';
import type { LostAnswerKind } from '#simulator/index.js';
import { broadbandLanguageModel, ibmFailure, startTestSimulator, type TestSimulator } from './support.js';

const LM = '77777777-7777-4777-8777-777777777777';
const AM = '88888888-8888-4888-8888-888888888888';
const TELEPHONY = '99999999-9999-4999-8999-999999999999';
let t: TestSimulator | undefined;
afterEach(() => t?.sim.stop());

async function withModels(seed = 0): Promise<TestSimulator> {
  t = await startTestSimulator({
    seed,
    fleet: {
      languageModels: [
        broadbandLanguageModel(LM),
        {
          customizationId: TELEPHONY,
          name: 'telephony',
          baseModelName: 'en-US_Telephony',
          version: 'v2021-07-29',
          words: 10,
        },
      ],
      acousticModels: [
        {
          customizationId: AM,
          name: 'am',
          baseModelName: 'en-US_BroadbandModel',
          version: 'v2018-07-31',
          audioMinutes: 2,
        },
      ],
    },
  });
  return t;
}

describe('lost answers', () => {
  it.each<[LostAnswerKind, number]>([
    ['reset', 0],
    ['502', 502],
    ['504', 504],
  ])(
    'applies a language upgrade and loses its answer by %s; the adapter calls it Transient',
    async (answer, status) => {
      const s = await withModels();
      s.sim.addFaults([
        {
          kind: 'lose-answer',
          answer,
          times: 1,
          match: { operation: 'upgrade_language_model', customizationId: LM },
        },
      ]);
      const error = await s.stt.upgradeLanguageModel({ customizationId: LM }).catch((e: unknown) => e);
      expect((error as { status?: number }).status ?? 0).toBe(status);
      expect(toSttError('upgradeLanguageModel', LM, error).name).toBe(ErrorName.Transient);
      expect(s.sim.model(LM)?.status).toBe('upgrading');
      expect(s.sim.requestLog()).toEqual([
        expect.objectContaining({
          operation: 'upgrade_language_model',
          status,
          answerLost: answer,
          appliedStatus: 200,
        }),
      ]);
    },
  );

  it('applies an upgrade and never answers it (hang), until the client gives up', async () => {
    const s = await withModels();
    s.sim.addFaults([
      { kind: 'lose-answer', answer: 'hang', times: 1, match: { operation: 'upgrade_language_model' } },
    ]);
    const request = fetch(`${s.sim.url}/v1/customizations/${LM}/upgrade_model`, {
      method: 'POST',
      signal: AbortSignal.timeout(300),
    });
    await expect(request).rejects.toThrow(/abort|timeout/i);
    expect(s.sim.model(LM)?.status).toBe('upgrading');
    expect(s.sim.requestLog()).toEqual([
      expect.objectContaining({ operation: 'upgrade_language_model', status: 0, answerLost: 'hang' }),
    ]);
  });

  it('loses the answers of the next N applied requests of one operation for one model only', async () => {
    const s = await withModels();
    s.sim.addFaults([
      {
        kind: 'lose-answer',
        answer: '504',
        times: 2,
        match: { operation: 'upgrade_acoustic_model', customizationId: AM },
      },
    ]);
    await s.stt.upgradeLanguageModel({ customizationId: LM });
    expect((await ibmFailure(s.stt.upgradeAcousticModel({ customizationId: AM }))).status).toBe(504);
    expect((await ibmFailure(s.stt.upgradeAcousticModel({ customizationId: AM }))).status).toBe(409);
    expect(s.sim.model(AM)?.status).toBe('upgrading');
    expect(s.sim.requestLog().map((e) => [e.operation, e.status, e.answerLost])).toEqual([
      ['upgrade_language_model', 200, undefined],
      ['upgrade_acoustic_model', 504, '504'],
      ['upgrade_acoustic_model', 409, undefined],
    ]);
    expect(s.sim.stats().lostAnswers).toEqual({
      total: 1,
      byOperation: { upgrade_acoustic_model: 1 },
      byKind: { '504': 1 },
    });
  });

  it('applies a train request and resets the connection', async () => {
    const s = await withModels();
    s.sim.addFaults([
      { kind: 'lose-answer', answer: 'reset', times: 1, match: { operation: 'train_language_model' } },
    ]);
    const failure = await ibmFailure(s.stt.trainLanguageModel({ customizationId: TELEPHONY, force: true }));
    expect(failure.status).toBe(0);
    expect(s.sim.model(TELEPHONY)?.status).toBe('training');
    expect(s.sim.stats().lostAnswers.byOperation).toEqual({ train_language_model: 1 });
  });

  it('loses answers at a seeded rate: the same seed loses the same ones', async () => {
    const patterns: string[] = [];
    for (const seed of [7, 7, 8]) {
      const s = await withModels(seed);
      s.sim.addFaults([
        { kind: 'lose-answer', answer: '502', rate: 0.4, match: { operation: 'get_language_model' } },
      ]);
      let pattern = '';
      for (let i = 0; i < 30; i++) {
        pattern += (await fetch(`${s.sim.url}/v1/customizations/${LM}`)).status === 502 ? 'x' : '.';
      }
      patterns.push(pattern);
      expect(s.sim.stats().lostAnswers.total).toBe(pattern.split('x').length - 1);
      await s.sim.stop();
      t = undefined;
    }
    expect(patterns[0]).toBe(patterns[1]);
    expect(patterns[0]).toMatch(/x.*\.|\..*x/);
    expect(patterns[2]).not.toBe(patterns[0]);
  });

  it('accepts a lost-answer fault over HTTP and names a bad field', async () => {
    const s = await withModels();
    const post = (body: unknown) =>
      fetch(`${s.sim.url}/_simulator/faults`, { method: 'POST', body: JSON.stringify(body) });
    const bad = await post({ faults: [{ kind: 'lose-answer', answer: '503' }] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('faults.0.answer');
    const good = await post({
      faults: [
        { kind: 'lose-answer', answer: '504', times: 1, match: { operation: 'upgrade_language_model' } },
      ],
    });
    expect(good.status).toBe(201);
    expect((await ibmFailure(s.stt.upgradeLanguageModel({ customizationId: LM }))).status).toBe(504);
    const stats = (await (await fetch(`${s.sim.url}/_simulator/stats`)).json()) as { lostAnswers: unknown };
    expect(stats.lostAnswers).toEqual({
      total: 1,
      byOperation: { upgrade_language_model: 1 },
      byKind: { '504': 1 },
    });
  });
});
