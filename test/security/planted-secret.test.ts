import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PowertoolsMetrics } from '#adapters/metrics.js';
import { parseSttConnection } from '#adapters/stt/index.js';
import { migrationSettingsSchema } from '#core/migration/index.js';
import { verificationSettingsSchema } from '#core/settings/instance-settings.js';
import { settingsReaders } from '#handlers/runtime/settings-readers.js';
import { sttClients } from '#handlers/runtime/stt-clients.js';
import { testSetStores } from '#handlers/runtime/test-set-stores.js';
import { deployConfigSchema } from '#lib/config/deploy-config.js';
import { DeployConfigError, loadDeployConfig, parseDeployConfig } from '#lib/config/load-config.js';
import { SttModelUpgraderStack } from '#lib/stt-model-upgrader-stack.js';
import { type LocalDynamo, listLocalTables } from '#local/dynamodb/index.js';
import { LocalExecutor, loadStateMachines } from '#local/executor/index.js';
import { synthesizeLocalStack } from '#local/local-stack.js';
import type { LocalUpgrader } from '#local/local-upgrader.js';
import type { ScaledClock } from '#local/scaled-clock.js';
import { localHandlerDeps, localHandlers } from '#local/unit-handlers.js';
import type { RunningSimulator } from '#simulator/index.js';
import { STACK_SYNTHESIS_TIMEOUT_MS } from '#test/infra/timeouts.js';
import { startTestBed, type TestBed } from '#testkit/local-fleet.js';

/**
 * A recognisable fake IBM API key, and a second one IBM refuses. Neither may show up anywhere an
 * operator or an attacker with read access could look: templates, execution events and outputs,
 * the history table, handler logs and metrics.
 */
const PLANTED = 'PLANTED-apikey-7f3c9e1d2b4a-DO-NOT-LEAK';
const PLANTED_WRONG = 'PLANTED-wrongkey-5e8d1c0a9b7f-DO-NOT-LEAK';
const planted = [PLANTED, PLANTED_WRONG];

const base = 'en-US_BroadbandModel';
const LM = '0d000000-0000-4000-8000-000000000001';
const AM = '0e000000-0000-4000-8000-000000000002';
const MISSING = '0f000000-0000-4000-8000-000000000003';

let bed: TestBed;
let simulator: RunningSimulator;
let dynamo: LocalDynamo;
let upgrader: LocalUpgrader;
let clock: ScaledClock;
const seen: unknown[] = [];
const logs: string[] = [];

/** Everything written to stdout and stderr while `run` runs (Powertools writes there directly). */
async function capture<T>(run: () => Promise<T>): Promise<T> {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const keep = (chunk: unknown) => {
    logs.push(String(chunk));
    return true;
  };
  process.stdout.write = keep as typeof process.stdout.write;
  process.stderr.write = keep as typeof process.stderr.write;
  try {
    return await run();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

const instances = () => [
  {
    id: 'iam-instance',
    connection: parseSttConnection({
      serviceUrl: simulator.url,
      auth: { type: 'iam', apikey: PLANTED, iamUrl: simulator.url },
    }),
  },
  {
    id: 'refused-instance',
    connection: parseSttConnection({
      serviceUrl: simulator.url,
      auth: { type: 'iam', apikey: PLANTED_WRONG, iamUrl: simulator.url },
    }),
  },
];

const units = [
  // Upgrades: token exchange with the key, upgrade calls, polls, both acoustic steps.
  {
    instanceId: 'iam-instance',
    languageModelId: LM,
    acousticModels: [{ customizationId: AM, trainedWithLanguageModel: true }],
  },
  // Fails: a model IBM does not know.
  { instanceId: 'iam-instance', languageModelId: MISSING },
  // Fails: IBM refuses the key; the cause must not quote it.
  { instanceId: 'refused-instance', languageModelId: LM },
];

beforeAll(async () => {
  bed = await startTestBed({ simulator: { seed: 11, auth: { kind: 'iam', apikey: PLANTED } } });
  ({ simulator, dynamo, clock } = bed);
  simulator.seedFleet({
    languageModels: [
      { customizationId: LM, name: 'calls', baseModelName: base, status: 'available', words: 500 },
    ],
    acousticModels: [
      { customizationId: AM, name: 'audio', baseModelName: base, status: 'available', audioMinutes: 10 },
    ],
  });
  simulator.releaseBaseModelVersion(base, 'v2026-11-24');
  upgrader = await bed.startUpgrader({ instances: instances(), onEvent: (_, event) => seen.push(event) });
}, STACK_SYNTHESIS_TIMEOUT_MS);

afterAll(async () => {
  await bed?.stop();
});

function expectNoPlantedKey(what: string, text: string): void {
  for (const key of planted) expect(text.includes(key), `${what} contains a planted key`).toBe(false);
  // Partial leaks too: the key's distinctive middle, and its base64 (as in a Basic header).
  expect(text.includes('7f3c9e1d2b4a'), what).toBe(false);
  expect(text.includes(Buffer.from(PLANTED).toString('base64').slice(0, 24)), what).toBe(false);
}

describe('a planted IBM API key', () => {
  it('is used: the upgrade goes through with it and a wrong one is refused', async () => {
    const results = await capture(() =>
      Promise.all(units.map((unit, i) => upgrader.runUnit(unit, { name: `planted-${i}` }))),
    );
    expect(results.map((r) => r.status)).toEqual(['SUCCEEDED', 'FAILED', 'FAILED']);
    expect(results[2]?.error).toBe('AuthFailed');
    seen.push(...results);
    expect(simulator.model(LM)?.versions).toContain(`${base}.v2026-11-24`);
  });

  it(
    'runs the same units through the Lambda wrapper, logging and emitting metrics as on AWS',
    async () => {
      const config = deployConfigSchema.parse({ instances: instances().map(({ id }) => ({ id })) });
      const stack = synthesizeLocalStack(config);
      const connections = new Map(instances().map((instance) => [instance.id, instance.connection]));
      const deps = localHandlerDeps(
        {
          history: upgrader.history,
          clock,
          settings: settingsReaders(upgrader.settings),
          clients: sttClients(async (id) => {
            const connection = connections.get(id);
            if (!connection) throw new Error(`no instance ${id}`);
            return connection;
          }),
          testSets: testSetStores({}),
          metrics: new PowertoolsMetrics(),
        },
        {
          pollPolicy: {},
          releaseNotesSources: [],
          verification: verificationSettingsSchema.parse({}),
          migration: migrationSettingsSchema.parse({}),
        },
      );
      const lambdaHandlers = localHandlers(deps, stack.handlerFunctions, 'DEBUG');
      const executor = new LocalExecutor({
        stateMachines: loadStateMachines(stack.template),
        lambdaHandlers,
        onEvent: (_, event) => seen.push(event),
      });
      simulator.releaseBaseModelVersion(base, 'v2026-12-01');
      const results = await capture(() =>
        Promise.all(
          units.map((unit, i) => executor.start(stack.unitStateMachineId, unit, { name: `wrapped-${i}` })),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(['SUCCEEDED', 'FAILED', 'FAILED']);
      seen.push(...results);

      const lines = logs
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'));
      const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      const stepLines = records.filter((r) => r.message === 'step finished' || r.message === 'step failed');
      expect([...new Set(stepLines.map((line) => line.executionName))].sort()).toEqual([
        'wrapped-0',
        'wrapped-1',
        'wrapped-2',
      ]);
      // Every line names its execution, instance and step; model steps name the model too.
      for (const line of stepLines) {
        expect(line).toMatchObject({
          executionName: expect.stringMatching(/^wrapped-/),
          instanceId: expect.any(String),
        });
      }
      expect(stepLines).toContainEqual(
        expect.objectContaining({
          step: 'poll-upgrade',
          customizationId: AM,
          modelKind: 'acoustic',
          next: 'done',
        }),
      );
      expect(stepLines).toContainEqual(
        expect.objectContaining({ step: 'check-model', executionName: 'wrapped-2', errorName: 'AuthFailed' }),
      );
      // Metrics as CloudWatch embedded metric format, from the finished units.
      const emf = records.filter((r) => '_aws' in r);
      expect(emf).toContainEqual(
        expect.objectContaining({
          UpgradesStarted: [1, 1],
          UpgradesSucceeded: [1, 1],
          PollsPerUpgrade: [expect.any(Number), expect.any(Number)],
          UpgradeDuration: [expect.any(Number), expect.any(Number)],
          service: 'stt-model-upgrader',
        }),
      );
      expect(emf).toContainEqual(expect.objectContaining({ UpgradesFailed: 1, Error: 'AuthFailed' }));
    },
    STACK_SYNTHESIS_TIMEOUT_MS,
  );

  it('appears in no template, execution event or output, history item or log line', async () => {
    expectNoPlantedKey('local template', JSON.stringify(upgrader.template));
    // What is searched holds every execution of both runs above, or the search proves nothing.
    const executions = [0, 1, 2].flatMap((i) => [`planted-${i}`, `wrapped-${i}`]);
    const events = JSON.stringify(seen);
    for (const name of executions) expect(events, name).toContain(name);
    expectNoPlantedKey('execution events and results', events);
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    let items = '';
    for (const table of await listLocalTables(dynamo.endpoint)) {
      const scanned = await client.send(new ScanCommand({ TableName: table }));
      items += JSON.stringify(scanned.Items);
    }
    client.destroy();
    for (const name of executions) expect(items, name).toContain(name);
    expectNoPlantedKey('history items', items);
    const logText = logs.join('');
    for (const name of executions.filter((n) => n.startsWith('wrapped-')))
      expect(logText, name).toContain(name);
    expectNoPlantedKey('handler logs', logText);
  });

  it(
    'cannot enter through the deploy config: it has no field for one, and the error does not echo it',
    () => {
      const outdir = mkdtempSync(path.join(tmpdir(), 'planted-'));
      let message = '';
      try {
        parseDeployConfig({ instances: [{ id: 'a', apikey: PLANTED }] }, 'test');
      } catch (error) {
        expect(error).toBeInstanceOf(DeployConfigError);
        message = (error as Error).message;
      }
      expect(message).toContain('instances.0.apikey: unknown field');
      expectNoPlantedKey('config error', message);
      // The settings a deploy writes from the example config name each instance's secret, nothing more.
      const app = new App({
        outdir,
        context: { config: 'lib/config/example.json', 'aws:cdk:bundling-stacks': [] },
      });
      const stack = new SttModelUpgraderStack(app, 'SttModelUpgrader', { config: loadDeployConfig(app) });
      const secretIds = Object.entries(stack.settings.deployed.instances).map(([id, i]) => [id, i.secretId]);
      expect(secretIds).toEqual([
        ['cloud-us-south', 'stt-model-upgrader/cloud-us-south'],
        ['cpd-cluster', 'stt-model-upgrader/cpd-cluster'],
      ]);
      expectNoPlantedKey('deployed settings', JSON.stringify(stack.settings.deployed));
      // Nor does any function's environment: instances and their secrets live in the settings store.
      const functions = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
      for (const fn of functions) {
        expect(JSON.stringify(fn.Properties.Environment ?? {})).not.toContain('cpd-cluster');
      }
    },
    STACK_SYNTHESIS_TIMEOUT_MS,
  );
});
