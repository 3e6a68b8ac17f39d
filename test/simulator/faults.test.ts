import { afterEach, describe, expect, it } from 'vitest';
import { type Fault, SimulatorMessages } from '#simulator/index.js';
import {
  broadbandLanguageModel,
  ibmFailure,
  seconds,
  startTestSimulator,
  type TestSimulator,
} from './support.js';

const LM = '77777777-7777-4777-8777-777777777777';
let t: TestSimulator | undefined;
afterEach(() => t?.sim.stop());

async function withModel(seed = 0): Promise<TestSimulator> {
  t = await startTestSimulator({
    seed,
    fleet: {
      languageModels: [broadbandLanguageModel(LM)],
    },
  });
  return t;
}

async function statuses(s: TestSimulator, count: number): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < count; i++) result.push((await fetch(`${s.sim.url}/v1/customizations/${LM}`)).status);
  return result;
}

describe('fault injection', () => {
  it('answers the injected status to the next `times` matching requests, then recovers', async () => {
    const s = await withModel();
    s.sim.addFaults([{ kind: 'status', status: 503, times: 2, match: { operation: 'get_language_model' } }]);
    expect((await s.stt.listLanguageModels()).status).toBe(200);
    const failure = await ibmFailure(s.stt.getLanguageModel({ customizationId: LM }));
    expect(failure).toMatchObject({ status: 503, message: SimulatorMessages.injectedFault(503) });
    expect(await statuses(s, 2)).toEqual([503, 200]);
    expect(s.sim.requestLog().map((e) => e.status)).toEqual([200, 503, 503, 200]);
  });

  it('fires a `rate` fault on the same requests for the same seed', async () => {
    const patterns: string[] = [];
    for (const seed of [42, 42, 43]) {
      const s = await withModel(seed);
      s.sim.addFaults([{ kind: 'status', status: 429, rate: 0.3 }]);
      patterns.push((await statuses(s, 40)).map((c) => (c === 429 ? 'x' : '.')).join(''));
      await s.sim.stop();
      t = undefined;
    }
    expect(patterns[0]).toBe(patterns[1]);
    expect(patterns[0]).toContain('x');
    expect(patterns[0]).toContain('.');
    expect(patterns[2]).not.toBe(patterns[0]);
  });

  it('delays matching requests by the latency fault', async () => {
    const s = await withModel();
    s.sim.addFaults([{ kind: 'latency', ms: 25, times: 1 }]);
    const started = performance.now();
    expect((await s.stt.getLanguageModel({ customizationId: LM })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(24);
  });

  it('drops the connection without an answer and logs status 0', async () => {
    const s = await withModel();
    s.sim.addFaults([{ kind: 'drop', times: 1, match: { customizationId: LM } }]);
    await expect(fetch(`${s.sim.url}/v1/customizations/${LM}`)).rejects.toThrow();
    expect((await fetch(`${s.sim.url}/v1/customizations/${LM}`)).status).toBe(200);
    expect(s.sim.requestLog().map((e) => e.status)).toEqual([0, 200]);
  });

  it('ends the next upgrade of the matching model in status failed with the given error', async () => {
    const s = await withModel();
    s.sim.addFaults([
      { kind: 'upgrade-fails', error: 'Base model unavailable', match: { customizationId: LM } },
    ]);
    await s.stt.upgradeLanguageModel({ customizationId: LM });
    expect(s.sim.model(LM)?.status).toBe('upgrading');
    s.clock.advance(seconds(200));
    expect(s.sim.model(LM)).toMatchObject({
      status: 'failed',
      error: 'Base model unavailable',
      versions: ['en-US_BroadbandModel.v2018-07-31'],
    });
  });

  it('accepts faults over HTTP and rejects a bad fault naming the field', async () => {
    const s = await withModel();
    const post = (body: unknown) =>
      fetch(`${s.sim.url}/_simulator/faults`, { method: 'POST', body: JSON.stringify(body) });
    const bad = await post({ faults: [{ kind: 'status', status: 418 }] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('faults.0.status');
    const fault: Fault = { kind: 'status', status: 500, times: 1 };
    expect((await post({ faults: [fault] })).status).toBe(201);
    expect(await statuses(s, 2)).toEqual([500, 200]);
    s.sim.addFaults([{ kind: 'status', status: 502 }]);
    expect((await fetch(`${s.sim.url}/_simulator/faults`, { method: 'DELETE' })).status).toBe(200);
    expect(await statuses(s, 1)).toEqual([200]);
  });

  it('refuses an invalid fault given in code, naming the field', async () => {
    const s = await withModel();
    expect(() => s.sim.addFaults([{ kind: 'latency', ms: -1 } as Fault])).toThrow(
      /faults\.0 is invalid: ms:/,
    );
  });
});
