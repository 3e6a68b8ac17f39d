import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { fleetSeedSchema, SimulatorInputError } from '#simulator/index.js';
import { ibmFailure, START, seconds, startTestSimulator, type TestSimulator } from './support.js';

const LM = '88888888-8888-4888-8888-888888888888';
let t: TestSimulator | undefined;
afterEach(() => t?.sim.stop());

const demo = fleetSeedSchema.parse(
  JSON.parse(readFileSync(new URL('../../simulator/fleets/demo.json', import.meta.url), 'utf8')),
);

function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${t?.sim.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
}

describe('request log', () => {
  it('records IBM calls with operation, id, query, status and simulator time, but not control calls', async () => {
    t = await startTestSimulator({
      fleet: {
        languageModels: [{ customizationId: LM, name: 'a', baseModelName: 'en-US_BroadbandModel', words: 1 }],
      },
    });
    t.clock.advance(seconds(5));
    await t.stt.listLanguageModels({ language: 'en-US' });
    await ibmFailure(t.stt.upgradeLanguageModel({ customizationId: LM }));
    await fetch(`${t.sim.url}/_simulator/stats`);
    expect(t.sim.requestLog()).toEqual([
      {
        seq: 1,
        time: new Date(START + 5000).toISOString(),
        method: 'GET',
        path: '/v1/customizations',
        query: { language: 'en-US' },
        status: 200,
        operation: 'list_language_models',
      },
      {
        seq: 2,
        time: new Date(START + 5000).toISOString(),
        method: 'POST',
        path: `/v1/customizations/${LM}/upgrade_model`,
        query: {},
        status: 400,
        operation: 'upgrade_language_model',
        customizationId: LM,
      },
    ]);
    const overHttp = (await (await fetch(`${t.sim.url}/_simulator/requests`)).json()) as {
      requests: unknown[];
    };
    expect(overHttp.requests).toHaveLength(2);
    await fetch(`${t.sim.url}/_simulator/requests`, { method: 'DELETE' });
    expect(t.sim.requestLog()).toEqual([]);
  });

  it('logs unknown paths as operation unknown with 404', async () => {
    t = await startTestSimulator();
    expect((await fetch(`${t.sim.url}/v1/grammars`)).status).toBe(404);
    expect(t.sim.requestLog()[0]).toMatchObject({ operation: 'unknown', status: 404 });
  });
});

describe('reset and base model releases', () => {
  it('releases a base model version over HTTP, and reset removes models, faults and log and restores the catalog', async () => {
    t = await startTestSimulator({
      fleet: {
        languageModels: [{ customizationId: LM, name: 'a', baseModelName: 'en-US_BroadbandModel', words: 1 }],
      },
    });
    const released = await post('/_simulator/base_models/en-US_BroadbandModel/versions', {
      version: 'v2026-11-24',
    });
    expect(released.status).toBe(201);
    expect((await t.stt.upgradeLanguageModel({ customizationId: LM })).status).toBe(200);
    t.sim.addFaults([{ kind: 'status', status: 500 }]);
    expect((await post('/_simulator/reset', {})).status).toBe(200);
    expect(t.sim.requestLog()).toEqual([]);
    expect((await t.stt.listLanguageModels()).result.customizations).toEqual([]);
    const { result } = await t.stt.createLanguageModel({ name: 'b', baseModelName: 'en-US_BroadbandModel' });
    expect(t.sim.model(result.customization_id)?.versions).toEqual(['en-US_BroadbandModel.v2020-01-16']);
  });

  it('rejects a release for an unknown base model or a bad version', async () => {
    t = await startTestSimulator();
    expect(
      (await post('/_simulator/base_models/xx-XX_None/versions', { version: 'v2026-11-24' })).status,
    ).toBe(404);
    const bad = await post('/_simulator/base_models/en-US_BroadbandModel/versions', { version: 'v 1' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('version:');
  });
});

describe('fleet seeding', () => {
  it('seeds models over HTTP and answers their ids', async () => {
    t = await startTestSimulator();
    const res = await post('/_simulator/fleet', {
      languageModels: [{ customizationId: LM, name: 'a', baseModelName: 'en-US_BroadbandModel', words: 5 }],
      acousticModels: [
        { name: 'b', baseModelName: 'en-US_BroadbandModel', audioMinutes: 90, trainedWithLanguageModel: LM },
      ],
    });
    expect(res.status).toBe(201);
    const ids = (await res.json()) as { languageModels: string[]; acousticModels: string[] };
    expect(ids.languageModels).toEqual([LM]);
    const audio = await t.stt.listAudio({ customizationId: ids.acousticModels[0] ?? '' });
    expect(audio.result.total_minutes_of_audio).toBe(90);
    expect(t.sim.model(ids.acousticModels[0] ?? '')?.status).toBe('available');
  });

  it('names the bad field of a fleet that does not match the schema', async () => {
    t = await startTestSimulator();
    const res = await post('/_simulator/fleet', {
      languageModels: [{ name: 'a', baseModelName: 'en-US_BroadbandModel', words: -1 }],
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('languageModels.0.words');
  });

  it('names every cross-field mistake and seeds nothing from a bad fleet', async () => {
    t = await startTestSimulator();
    let error: unknown;
    try {
      t.sim.seedFleet({
        languageModels: [
          { customizationId: LM, name: 'a', baseModelName: 'en-US_BroadbandModel', version: 'v1999-01-01' },
          { customizationId: LM, name: 'b', baseModelName: 'xx-XX_None' },
        ],
        acousticModels: [
          { name: 'c', baseModelName: 'en-US_Telephony' },
          {
            name: 'd',
            baseModelName: 'en-US_BroadbandModel',
            trainedWithLanguageModel: '99999999-9999-4999-8999-999999999999',
          },
        ],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SimulatorInputError);
    expect((error as SimulatorInputError).issues).toEqual([
      expect.stringMatching(/^languageModels\.0\.version: 'v1999-01-01' is not a version/),
      expect.stringMatching(/^languageModels\.1\.baseModelName: unknown base model/),
      expect.stringMatching(/^languageModels\.1\.customizationId: .* already in use/),
      expect.stringMatching(/^acousticModels\.0\.baseModelName: .* does not support acoustic/),
      expect.stringMatching(/^acousticModels\.1\.trainedWithLanguageModel: no language model/),
    ]);
    expect((await t.stt.listLanguageModels()).result.customizations).toEqual([]);
  });

  it('merges seeded base models over the catalog', async () => {
    t = await startTestSimulator();
    t.sim.seedFleet({
      baseModels: [{ name: 'en-US_BroadbandModel', versions: ['v2018-07-31', 'v2020-01-16', 'v2024-02-02'] }],
      languageModels: [
        {
          customizationId: LM,
          name: 'a',
          baseModelName: 'en-US_BroadbandModel',
          version: 'v2020-01-16',
          words: 1,
        },
      ],
    });
    await t.stt.upgradeLanguageModel({ customizationId: LM });
    t.clock.advance(seconds(100));
    expect(t.sim.model(LM)?.versions).toContain('en-US_BroadbandModel.v2024-02-02');
  });

  it('makes a seeded busy model available busyForSeconds (scaled) after start', async () => {
    t = await startTestSimulator({
      timeScale: 10,
      fleet: {
        languageModels: [
          {
            customizationId: LM,
            name: 'a',
            baseModelName: 'en-US_BroadbandModel',
            words: 1,
            status: 'training',
            busyForSeconds: 600,
          },
        ],
      },
    });
    t.clock.advance(seconds(59));
    expect(t.sim.model(LM)?.status).toBe('training');
    t.clock.advance(seconds(1));
    expect(t.sim.model(LM)).toMatchObject({
      status: 'available',
      updated: new Date(START + seconds(60)).toISOString(),
    });
  });
});

describe('demo fleet', () => {
  it('puts every en-US_BroadbandModel model behind once v2026-11-24 is released, and nothing else', async () => {
    t = await startTestSimulator({ fleet: demo });
    t.sim.releaseBaseModelVersion('en-US_BroadbandModel', 'v2026-11-24');
    const all = [
      ...(await t.stt.listLanguageModels()).result.customizations,
      ...(await t.stt.listAcousticModels()).result.customizations,
    ];
    expect(all).toHaveLength(9);
    const behind = all
      .filter((m) => m.base_model_name === 'en-US_BroadbandModel')
      .every((m) => !m.versions?.includes('en-US_BroadbandModel.v2026-11-24'));
    expect(behind).toBe(true);
    const narrowband = all.find((m) => m.base_model_name === 'en-US_NarrowbandModel');
    expect(narrowband?.versions).toEqual(['en-US_NarrowbandModel.v2020-01-16']);
    expect(all.find((m) => m.name === 'sales-calls')?.status).toBe('training');
    expect(all.find((m) => m.name === 'drafts')?.status).toBe('pending');
    const telephony = all.find((m) => m.base_model_name === 'en-US_Telephony');
    const refusal = await ibmFailure(
      t.stt.upgradeLanguageModel({ customizationId: telephony?.customization_id ?? '' }),
    );
    expect(refusal.message).toContain('improved next-generation');
  });
});
