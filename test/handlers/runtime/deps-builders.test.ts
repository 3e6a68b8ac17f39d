import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '#adapters/history-store/index.js';
import { DirectorySettingsObjects, SettingsStore } from '#adapters/settings/index.js';
import { parseSttConnection } from '#adapters/stt/index.js';
import { systemClock } from '#adapters/system-clock.js';
import { ErrorName, unknownInstanceError } from '#core/contract/errors.js';
import { migrationSettingsSchema } from '#core/migration/index.js';
import {
  type InstanceSettings,
  instanceSettingsSchema,
  verificationSettingsSchema,
} from '#core/settings/instance-settings.js';
import { fleetDeps } from '#handlers/runtime/fleet-deps.js';
import { migrationDeps } from '#handlers/runtime/migration-deps.js';
import { settingsReaders } from '#handlers/runtime/settings-readers.js';
import { sttClients } from '#handlers/runtime/stt-clients.js';
import { testSetStores } from '#handlers/runtime/test-set-stores.js';
import { unitDeps } from '#handlers/runtime/unit-deps.js';
import { verifyDeps } from '#handlers/runtime/verify-deps.js';
import { watchDeps } from '#handlers/runtime/watch-deps.js';
import type { Wiring } from '#handlers/runtime/wiring.js';

const prodSettings = instanceSettingsSchema.parse({
  platform: 'cloud-pak',
  retrainImprovedModels: true,
  testSets: { default: 'calls' },
});
const prod = parseSttConnection({ serviceUrl: 'http://127.0.0.1:9', auth: { type: 'none' } });

let wiring: Wiring;
beforeAll(async () => {
  const store = new SettingsStore(
    new DirectorySettingsObjects(mkdtempSync(path.join(tmpdir(), 'settings-'))),
  );
  await store.publishDeployed({
    instances: { prod: { secretId: 'stt/prod', settings: prodSettings, pairings: [] } },
  });
  wiring = {
    // Never called here: no DynamoDB is asked anything.
    history: new HistoryStore({ tableName: 'unused', region: 'us-east-1' }),
    clock: systemClock,
    settings: settingsReaders(store),
    clients: sttClients(async (id) => {
      if (id !== 'prod') throw unknownInstanceError(id);
      return prod;
    }),
    testSets: testSetStores({}),
  };
});

/** Every concern's deps that read instance settings, built the one way AWS and local mode build them. */
const concerns: [string, () => { instanceSettings(id: string): Promise<InstanceSettings> }][] = [
  ['the unit handlers', () => unitDeps(wiring, { pollPolicy: {} })],
  [
    'the fleet planner',
    () => fleetDeps(wiring, { pollPolicy: {}, releaseNotesSources: [], verification: {} }),
  ],
  ['verification', () => verifyDeps(wiring, { verification: verificationSettingsSchema.parse({}) })],
  ['the accuracy watch', () => watchDeps(wiring)],
  [
    'migration',
    () =>
      migrationDeps(wiring, {
        migration: migrationSettingsSchema.parse({}),
        verification: verificationSettingsSchema.parse({}),
        pollPolicy: {},
      }),
  ],
];

describe.each(concerns)('the deps of %s', (_, build) => {
  it("read a configured instance's settings from the store", async () => {
    expect(await build().instanceSettings('prod')).toEqual(prodSettings);
  });

  it('refuse an instance the store does not know, with the one unknown-instance error', async () => {
    await expect(build().instanceSettings('staging')).rejects.toMatchObject({
      name: ErrorName.InvalidInput,
      message: "instanceId is invalid: no STT instance 'staging' is configured",
    });
  });
});

describe('the IBM clients of a wiring', () => {
  it('are made once per connection and refuse an unknown instance as the settings do', async () => {
    const { clients } = wiring;
    expect(await clients.stt('prod')).toBe(await clients.stt('prod'));
    expect(await clients.recognizer('prod')).toBe(await clients.recognizer('prod'));
    await expect(clients.migrationStt('staging')).rejects.toMatchObject({
      name: ErrorName.InvalidInput,
      message: "instanceId is invalid: no STT instance 'staging' is configured",
    });
  });
});
