import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSttService, parseSttConnection } from '#adapters/stt/index.js';
import { ErrorName } from '#core/contract/errors.js';
import type { SttService } from '#core/model/custom-model.js';

/** A stand-in for IBM that answers every request with whatever the current test set. */
let reply: { status: number; body: unknown } = { status: 200, body: {} };
let server: Server;
let stt: SttService;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  stt = createSttService(
    parseSttConnection({ serviceUrl: `http://127.0.0.1:${port}`, auth: { type: 'none' } }),
  );
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  reply = { status: 200, body: {} };
});

const model = {
  customization_id: 'a1',
  base_model_name: 'en-US_NarrowbandModel',
  status: 'ready',
};

describe('answers that do not match the documented shape', () => {
  it('a model without status -> InvalidResponse naming the operation and the field', async () => {
    reply.body = { customizations: [{ ...model, status: undefined }] };
    const call = stt.listLanguageModels();
    await expect(call).rejects.toMatchObject({ name: ErrorName.InvalidResponse });
    await expect(call).rejects.toThrow(
      /^list_language_models: the answer does not have the documented shape \(customizations\.0\.status: /,
    );
  });

  it('an audio list without its total -> InvalidResponse naming the field', async () => {
    reply.body = { audio: [] };
    await expect(stt.listAudio('a1')).rejects.toThrow(/^list_audio a1: .*total_minutes_of_audio/);
  });

  it('tolerates unknown fields and fills the defaults', async () => {
    reply.body = { ...model, owner: 'someone', progress: 0, new_field_from_ibm: { nested: true } };
    expect(await stt.getAcousticModel('a1')).toEqual({
      kind: 'acoustic',
      customizationId: 'a1',
      name: '',
      baseModelName: 'en-US_NarrowbandModel',
      versions: [],
      status: 'ready',
      updated: undefined,
      created: undefined,
      language: undefined,
      error: undefined,
    });
  });

  it("takes a model's error text from warnings when there is no error field", async () => {
    reply.body = { ...model, warnings: 'some corpora could not be analysed' };
    expect((await stt.getLanguageModel('a1')).error).toBe('some corpora could not be analysed');
  });
});

describe('HTTP errors without a rule of their own', () => {
  it('a 400 with unknown text -> RequestRejected', async () => {
    reply = { status: 400, body: { error: 'Invalid value for word_type_to_add', code: 400 } };
    await expect(stt.trainLanguageModel('a1')).rejects.toMatchObject({
      name: ErrorName.RequestRejected,
      status: 400,
      message:
        'train_language_model a1: the service rejected the request (HTTP 400: Invalid value for word_type_to_add)',
    });
  });

  it('a 413 -> RequestRejected', async () => {
    reply = { status: 413, body: { error: 'Payload Too Large', code: 413 } };
    await expect(stt.upgradeLanguageModel('a1')).rejects.toMatchObject({
      name: ErrorName.RequestRejected,
      status: 413,
    });
  });
});

describe('HTTP errors the simulator does not produce', () => {
  it.each([
    [403, 'Forbidden', ErrorName.AuthFailed],
    [400, "Customization 'a1' is being processed; try again later", ErrorName.ModelBusy],
    [400, "Customization 'a1' is locked", ErrorName.ModelBusy],
    [500, 'Internal Server Error', ErrorName.Transient],
    [502, 'Bad Gateway', ErrorName.Transient],
    [504, 'Gateway Timeout', ErrorName.Transient],
  ])('%i %s -> %s', async (status, text, name) => {
    reply = { status, body: { error: text, code: status } };
    await expect(stt.upgradeLanguageModel('a1')).rejects.toMatchObject({ name, status });
  });
});

describe('network failures', () => {
  it('nobody listening (ECONNREFUSED) -> Transient', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = createSttService(
      parseSttConnection({ serviceUrl: `http://127.0.0.1:${port}`, auth: { type: 'none' } }),
    );
    await expect(unreachable.listAcousticModels()).rejects.toMatchObject({
      name: ErrorName.Transient,
      status: undefined,
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });
});
