import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DirectorySettingsObjects,
  S3SettingsObjects,
  type SettingsObjects,
  SettingsStore,
} from '#adapters/settings/index.js';
import { ErrorName } from '#core/contract/errors.js';
import { instanceSettingsSchema } from '#core/settings/instance-settings.js';
import { type DeployedSettings, SettingsObjectKey } from '#core/settings/settings-documents.js';
import { settingsReaders } from '#handlers/runtime/settings-readers.js';
import { S3StandIn } from '../test-sets/s3-stand-in.js';

const AM = '0b000000-0000-4000-8000-000000000001';
const LM = '0a000000-0000-4000-8000-000000000001';
const LM2 = '0a000000-0000-4000-8000-000000000002';

const deployed: DeployedSettings = {
  instances: {
    prod: {
      secretId: 'stt/cpd-abc123',
      settings: instanceSettingsSchema.parse({
        platform: 'cloud-pak',
        retrainImprovedModels: true,
        testSets: { byModel: { [LM]: 'claims' } },
      }),
      pairings: [{ acousticModelId: AM, languageModelId: LM }],
    },
  },
};

const standIn = new S3StandIn();
let s3Endpoint: string;
beforeAll(async () => {
  s3Endpoint = await standIn.start();
});
afterAll(async () => {
  await standIn.stop();
});

const stores: [string, () => SettingsObjects][] = [
  ['a local directory', () => new DirectorySettingsObjects(mkdtempSync(path.join(tmpdir(), 'settings-')))],
  [
    'an S3 bucket',
    () => new S3SettingsObjects(`bucket-${Math.random().toString(36).slice(2)}`, { endpoint: s3Endpoint }),
  ],
];

describe.each(stores)('the settings store in %s', (_, objects) => {
  it('gives handlers what the deploy wrote, and imported pairings over the declared ones', async () => {
    const store = new SettingsStore(objects());
    await store.publishDeployed(deployed);
    await store.importPairings([{ instanceId: 'prod', acousticModelId: AM, languageModelId: LM2 }], {
      replace: false,
    });
    const readers = settingsReaders(store);
    expect(await readers.knowsInstance('prod')).toBe(true);
    expect(await readers.knowsInstance('other')).toBe(false);
    expect((await readers.instanceSettings('prod')).platform).toBe('cloud-pak');
    expect(await readers.secretIdOf('prod')).toBe('stt/cpd-abc123');
    expect(await readers.fleetInstances()).toEqual([
      {
        id: 'prod',
        pairings: [{ instanceId: 'prod', acousticModelId: AM, languageModelId: LM2, source: 'operator' }],
      },
    ]);
    await expect(readers.secretIdOf('other')).rejects.toMatchObject({ name: ErrorName.InvalidInput });
  });

  it('writes only over what it read: a stale writer loses', async () => {
    const store = objects();
    expect(await store.write(SettingsObjectKey.OperatorPairings, '{"instances":{}}', null)).toBe(true);
    const read = await store.read(SettingsObjectKey.OperatorPairings);
    expect(await store.write(SettingsObjectKey.OperatorPairings, '{"instances":{"a":[]}}', null)).toBe(false);
    expect(await store.write(SettingsObjectKey.OperatorPairings, '{"instances":{"a":[]}}', 'stale')).toBe(
      false,
    );
    expect(
      await store.write(SettingsObjectKey.OperatorPairings, '{"instances":{"b":[]}}', read?.etag ?? ''),
    ).toBe(true);
    expect((await store.read(SettingsObjectKey.OperatorPairings))?.text).toBe('{"instances":{"b":[]}}');
  });

  it('fails with InvalidSettings naming the object when nothing was deployed', async () => {
    const store = new SettingsStore(objects());
    await expect(store.snapshot()).rejects.toMatchObject({
      name: ErrorName.InvalidSettings,
      message: expect.stringMatching(/deployed\/settings\.json cannot be used: missing: deploy the stack/),
    });
  });
});

describe('settings read by a warm container', () => {
  const directory = () => mkdtempSync(path.join(tmpdir(), 'settings-'));

  it('are read once per minute: an import reaches the handler after the cache expires', async () => {
    const dir = directory();
    let now = 0;
    const store = new SettingsStore(new DirectorySettingsObjects(dir), { now: () => now });
    await store.publishDeployed(deployed);
    expect((await store.snapshot()).pairings('prod')[0]?.languageModelId).toBe(LM);
    // Another process (the operator's CLI) imports a pairing.
    await new SettingsStore(new DirectorySettingsObjects(dir)).importPairings(
      [{ instanceId: 'prod', acousticModelId: AM, languageModelId: LM2 }],
      { replace: false },
    );
    now = 59_000;
    expect((await store.snapshot()).pairings('prod')[0]?.languageModelId).toBe(LM);
    now = 60_000;
    expect((await store.snapshot()).pairings('prod')[0]?.languageModelId).toBe(LM2);
  });

  it('name an invalid setting by object and field, with a stable error name', async () => {
    const dir = directory();
    const store = new SettingsStore(new DirectorySettingsObjects(dir), { maxAgeMs: 0 });
    await store.publishDeployed(deployed);
    const file = path.join(dir, 'deployed', 'settings.json');
    const text = readFileSync(file, 'utf8').replace('"cloud-pak"', '"mainframe"');
    writeFileSync(file, text);
    await expect(settingsReaders(store).instanceSettings('prod')).rejects.toMatchObject({
      name: ErrorName.InvalidSettings,
      message: expect.stringContaining(
        'deployed/settings.json cannot be used: instances.prod.settings.platform:',
      ),
    });
    writeFileSync(file, '{');
    await expect(store.snapshot()).rejects.toMatchObject({
      name: ErrorName.InvalidSettings,
      message: expect.stringContaining('settings.json cannot be used: not JSON'),
    });
    writeFileSync(path.join(dir, 'deployed', 'settings.json'), JSON.stringify(deployed));
    mkdirSync(path.join(dir, 'operator'), { recursive: true });
    writeFileSync(
      path.join(dir, 'operator', 'pairings.json'),
      JSON.stringify({ instances: { prod: [{ acousticModelId: 'x', languageModelId: LM }] } }),
    );
    await expect(store.snapshot()).rejects.toMatchObject({
      name: ErrorName.InvalidSettings,
      message: expect.stringContaining(
        'operator/pairings.json cannot be used: instances.prod.0.acousticModelId: must be a customization id',
      ),
    });
  });
});

describe('settings in S3 that cannot be read', () => {
  it('are InvalidSettings when access is denied, and Transient (retried by the task) when S3 cannot answer', async () => {
    standIn.forbidden.add(`denied/${SettingsObjectKey.Deployed}`);
    await expect(
      new SettingsStore(new S3SettingsObjects('denied', { endpoint: s3Endpoint })).snapshot(),
    ).rejects.toMatchObject({
      name: ErrorName.InvalidSettings,
      message: expect.stringContaining(
        's3://denied/deployed/settings.json cannot be used: not readable: access denied',
      ),
    });
    // Nothing listens on the discard port: the connection is refused.
    const unreachable = new S3SettingsObjects('bucket', { endpoint: 'http://127.0.0.1:9' });
    await expect(new SettingsStore(unreachable).snapshot()).rejects.toMatchObject({
      name: ErrorName.Transient,
    });
  });
});
