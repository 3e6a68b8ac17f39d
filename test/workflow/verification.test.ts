import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '#adapters/history-store/index.js';
import { VerificationTranscripts } from '#adapters/object-store/index.js';
import { createSttService, parseSttConnection } from '#adapters/stt/index.js';
import { createRecognizer } from '#adapters/stt/recognizer.js';
import { systemClock } from '#adapters/system-clock.js';
import { NextAction } from '#core/contract/workflow-contract.js';
import {
  type InstanceSettings,
  instanceSettingsSchema,
  verificationSettingsSchema,
} from '#core/settings/instance-settings.js';
import { resolvePollPolicy } from '#core/unit/poll-policy.js';
import { validatedUnit } from '#core/unit/steps/after-validate.js';
import { progressAfterCheck } from '#core/unit/steps/model-progress.js';
import { upgradeUnitInputSchema } from '#core/unit/unit-input.js';
import type { ModelRef } from '#core/unit/unit-state.js';
import { regressionNotice } from '#core/verification/index.js';
import { verificationTranscriptsPrefix } from '#core/verification/transcript-keys.js';
import { objectsUnder, testSetsUnder } from '#handlers/runtime/verify-deps.js';
import { verifyModel } from '#handlers/verify-model.js';
import { HistoryTable } from '#lib/constructs/history-table.js';
import { verificationChain } from '#lib/constructs/verify-definition.js';
import { createTablesFromTemplate, type LocalDynamo, startLocalDynamo } from '#local/dynamodb/index.js';
import { LocalExecutor, loadStateMachines } from '#local/executor/index.js';
import {
  audioSha256,
  generateWav,
  ManualClock,
  type RunningSimulator,
  SimulatorMessages,
  startSimulator,
} from '#simulator/index.js';
import {
  inlineFunction,
  logicalId,
  newStack,
  stateMachine,
  synthesize,
} from '#test/local/executor/cdk-fixture.js';
import { laggingIndexes } from './harness.js';

// The verification chain synthesized on its own, run by the local executor with the real verify-model
// handler, against the simulator over the official SDK and dynalite.

const INSTANCE = 'verify-instance';
const LM = '61616161-6161-4161-8161-616161616161';
const AM = '71717171-7171-4171-8171-717171717171';
const BASE = 'en-US_BroadbandModel';
const OLD = `${BASE}.v2018-07-31`;
const NEW = `${BASE}.v2020-01-16`;
const SENTENCES = [
  "i'd like to check my claim status",
  'the claim number is on the letter',
  'please send the claim form again',
  'my policy covers water damage',
  'can i speak to an agent',
  'thank you for your help today',
];
const TEST_SET = 'claims';

let simulator: RunningSimulator;
let clock: ManualClock;
let dynamo: LocalDynamo;
let history: HistoryStore;
let testSetRoot: string;
let objectRoot: string;
let tableName: string;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let executor: (settings: Partial<InstanceSettings>) => LocalExecutor;
let machineId: string;
let runs = 0;

beforeAll(async () => {
  clock = new ManualClock(Date.UTC(2026, 0, 1));
  simulator = await startSimulator({ clock, seed: 11 });
  dynamo = await startLocalDynamo({ faults: laggingIndexes });
  testSetRoot = mkdtempSync(path.join(tmpdir(), 'verification-test-sets-'));
  writeTestSet(path.join(testSetRoot, TEST_SET));
  objectRoot = mkdtempSync(path.join(tmpdir(), 'verification-objects-'));

  const stack = newStack();
  const table = new HistoryTable(stack, 'History', { removalPolicy: RemovalPolicy.DESTROY });
  const fn = inlineFunction(stack, 'VerifyModel');
  const chain = verificationChain(
    stack,
    'Language model',
    { verifyModel: fn },
    { recognitionConcurrency: 2 },
  );
  const machine = stateMachine(stack, 'Verify', chain.next(new sfn.Pass(stack, 'done')));
  const template = synthesize(stack);
  const tables = await createTablesFromTemplate(template, dynamo.endpoint);
  tableName = tables[logicalId(table.table)] as string;
  history = new HistoryStore({ tableName, endpoint: dynamo.endpoint });
  machineId = logicalId(machine);
  const connection = parseSttConnection({ serviceUrl: simulator.url, auth: { type: 'none' } });
  executor = (settings) =>
    new LocalExecutor({
      stateMachines: loadStateMachines(template),
      lambdaHandlers: {
        [logicalId(fn)]: verifyModel({
          stt: async () => createSttService(connection),
          recognizer: async () => createRecognizer(connection),
          instanceSettings: async (id) =>
            id === INSTANCE ? instanceSettingsSchema.parse(settings) : undefined,
          verification: verificationSettingsSchema.parse({ maxWerIncrease: 0.01 }),
          testSet: testSetsUnder(testSetRoot),
          verificationTranscripts: new VerificationTranscripts(objectsUnder(objectRoot)),
          history,
          clock: systemClock,
        }),
      },
    });
}, 180_000);

afterAll(async () => {
  await simulator?.stop();
  await dynamo?.stop();
  rmSync(testSetRoot, { recursive: true, force: true });
  rmSync(objectRoot, { recursive: true, force: true });
});

beforeEach(() => {
  simulator.reset();
});

function writeTestSet(directory: string): void {
  mkdirSync(path.join(directory, 'calls'), { recursive: true });
  const lines = SENTENCES.map((_, index) => {
    const file = `calls/${String(index + 1).padStart(4, '0')}.wav`;
    writeFileSync(path.join(directory, file), wav(index));
    return JSON.stringify({ audio: file, reference: SENTENCES[index] });
  });
  writeFileSync(path.join(directory, 'manifest.jsonl'), `${lines.join('\n')}\n`);
}

const wav = (index: number) => generateWav({ seconds: 2, seed: 100 + index });

/** The models of one case, on the old version, with the simulator hearing the test set's sentences. */
function seed(options: { version?: string } = {}): void {
  simulator.seedFleet({
    languageModels: [
      {
        customizationId: LM,
        name: 'claims-vocabulary',
        baseModelName: BASE,
        version: options.version ?? 'v2018-07-31',
        words: 10,
      },
    ],
    acousticModels: [
      {
        customizationId: AM,
        name: 'claims-mobile',
        baseModelName: BASE,
        version: 'v2018-07-31',
        audioMinutes: 1,
      },
    ],
  });
  simulator.addRecognitionReferences(
    SENTENCES.map((text, index) => ({ sha256: audioSha256(wav(index)), text })),
  );
}

async function upgrade(customizationId: string, kind: 'language' | 'acoustic'): Promise<void> {
  const stt = createSttService(parseSttConnection({ serviceUrl: simulator.url, auth: { type: 'none' } }));
  if (kind === 'language') await stt.upgradeLanguageModel(customizationId);
  else await stt.upgradeAcousticModel(customizationId, { customLanguageModelId: LM });
  clock.advance(3_600_000);
  expect(simulator.model(customizationId)?.versions).toContain(NEW);
}

/** The document the unit leaves at a model's `done`: its run, options, reference and progress. */
async function documentAtDone(ref: ModelRef, versionsBefore: readonly string[]) {
  runs++;
  const startedAt = new Date(clock.now()).toISOString();
  const unit = upgradeUnitInputSchema.parse({
    instanceId: INSTANCE,
    languageModelId: LM,
    acousticModels: [{ customizationId: AM, trainedWithLanguageModel: true }],
  });
  const plan = validatedUnit(unit, { runId: `verify-run-${runs}`, startedAt }, resolvePollPolicy({}));
  const stt = createSttService(parseSttConnection({ serviceUrl: simulator.url, auth: { type: 'none' } }));
  const model =
    ref.kind === 'language'
      ? await stt.getLanguageModel(ref.customizationId)
      : await stt.getAcousticModel(ref.customizationId);
  const progress = {
    ...progressAfterCheck({ ...model, versions: [...versionsBefore] }, startedAt),
    next: NextAction.Done,
  };
  return { run: plan.run, options: plan.options, model: ref, progress };
}

const languageModel: ModelRef = {
  kind: 'language',
  customizationId: LM,
  trainedWithLanguageModel: false,
  languageModelId: null,
};
const acousticModel: ModelRef = {
  kind: 'acoustic',
  customizationId: AM,
  trainedWithLanguageModel: true,
  languageModelId: LM,
};
const withTestSet: Partial<InstanceSettings> = {
  testSets: { byModel: {}, byBaseModel: { [BASE]: TEST_SET } },
};

async function verify(
  ref: ModelRef,
  settings: Partial<InstanceSettings> = withTestSet,
  versionsBefore = [OLD],
) {
  const input = await documentAtDone(ref, versionsBefore);
  const result = await executor(settings).start(machineId, input);
  expect(result.status, `${result.error}: ${result.cause}`).toBe('SUCCEEDED');
  const record = await history.verification.get(input.run.runId, ref.customizationId);
  return { result, record, input };
}

const recognitions = () => simulator.requestLog().filter((entry) => entry.operation === 'recognize');

describe('verification chain', () => {
  it("recognises an even sample of the test set when the unit's history budget caps its batches", async () => {
    seed();
    await upgrade(LM, 'language');
    const document = await documentAtDone(languageModel, [OLD]);
    // One batch of five: what a cap leaves of the six-utterance set.
    const input = { ...document, options: { ...document.options, verificationBatchesPerModel: 1 } };
    const result = await executor(withTestSet).start(machineId, input);
    expect(result.status, `${result.error}: ${result.cause}`).toBe('SUCCEEDED');
    expect(result.output).toMatchObject({ verification: { next: 'recognise', batches: [0] } });
    expect(recognitions()).toHaveLength(10);
    const record = await history.verification.get(input.run.runId, LM);
    expect(record).toMatchObject({ outcome: 'passed', utterances: 5, recognitionRequests: 10 });
  }, 60_000);

  it('passes an upgrade that recognises the test set as well as before, comparing both versions request by request', async () => {
    seed();
    await upgrade(LM, 'language');
    const { record, result, input } = await verify(languageModel);
    expect(record).toMatchObject({
      outcome: 'passed',
      testSet: TEST_SET,
      utterances: 6,
      recognitionRequests: 12,
      old: { version: OLD, wer: 0, substitutions: 0, deletions: 0, insertions: 0, referenceWords: 37 },
      new: { version: NEW, wer: 0, referenceWords: 37 },
      werDelta: 0,
      wordsLost: [],
    });
    expect(record?.audioMinutes).toBeCloseTo(0.2, 6);
    expect(record?.warnings).toEqual([
      { version: OLD, warning: SimulatorMessages.previousBaseVersionWarning },
    ]);
    const calls = recognitions().map((entry) => entry.query);
    expect(calls).toHaveLength(12);
    expect(calls.filter((query) => query.base_model_version === OLD)).toHaveLength(6);
    expect(calls.filter((query) => query.base_model_version === NEW)).toHaveLength(6);
    for (const query of calls) expect(query).toMatchObject({ model: BASE, language_customization_id: LM });
    // The document goes on unchanged but for the batch numbers: no transcript in the state.
    expect(result.output).toEqual({ ...input, verification: { next: 'recognise', batches: [0, 1] } });
    expect(JSON.stringify(result.events)).not.toContain('claim status');
  }, 60_000);

  it('records a regression when the new version loses words, with the pin advice in its notice', async () => {
    seed();
    await upgrade(LM, 'language');
    simulator.addRecognitionProfiles([{ baseModel: BASE, version: 'v2020-01-16', drops: ['claim'] }]);
    const { record } = await verify(languageModel);
    expect(record).toMatchObject({ outcome: 'regressed', old: { wer: 0 }, new: { deletions: 3 } });
    expect(record?.new?.wer).toBeCloseTo(3 / 37, 9);
    expect(record?.wordsLost).toEqual([{ word: 'claim', count: 3 }]);
    const notice = regressionNotice(record as NonNullable<typeof record>);
    expect(notice.message).toContain(`base_model_version=${OLD}`);
    expect(notice.message).toContain('claim (3)');
  }, 60_000);

  it("keeps each utterance's transcripts in the bucket, where the record points, and none in the history table", async () => {
    seed();
    await upgrade(LM, 'language');
    simulator.addRecognitionProfiles([{ baseModel: BASE, version: 'v2020-01-16', drops: ['claim'] }]);
    const { record, input } = await verify(languageModel);
    expect(record?.transcripts).toBe(verificationTranscriptsPrefix(input.run.runId, LM));
    const store = objectsUnder(objectRoot);
    expect(await store.list(record?.transcripts ?? '-')).toEqual([
      `${record?.transcripts}batch-00000.json`,
      `${record?.transcripts}batch-00001.json`,
    ]);
    const batches = await new VerificationTranscripts(store).batches(record?.transcripts ?? '-');
    const utterances = batches.flatMap((batch) => batch.utterances);
    expect(utterances.map((u) => [u.index, u.reference])).toEqual(SENTENCES.map((text, i) => [i, text]));
    expect(utterances[0]).toMatchObject({
      old: { transcript: "i'd like to check my claim status" },
      new: { transcript: "i'd like to check my status" },
    });
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials });
    const items = JSON.stringify((await client.send(new ScanCommand({ TableName: tableName }))).Items);
    client.destroy();
    expect(items).toContain(input.run.runId);
    expect(items).not.toContain('claim status');
  }, 60_000);

  it('recognises an acoustic model with the language model it was trained with', async () => {
    seed();
    await upgrade(LM, 'language');
    await upgrade(AM, 'acoustic');
    const { record } = await verify(acousticModel);
    expect(record).toMatchObject({ outcome: 'passed', kind: 'acoustic' });
    for (const { query } of recognitions()) {
      expect(query).toMatchObject({ acoustic_customization_id: AM, language_customization_id: LM });
    }
  }, 60_000);

  it('is invalid when IBM recognised the old version without the customization (version withdrawn)', async () => {
    seed();
    await upgrade(LM, 'language');
    simulator.withdrawBaseModelVersion(BASE, 'v2018-07-31');
    const { record } = await verify(languageModel);
    expect(record?.outcome).toBe('invalid');
    expect(record?.reason).toContain('without the customization');
    expect(record?.warnings).toContainEqual({
      version: OLD,
      warning: SimulatorMessages.nonCustomizedWarning('language'),
    });
  }, 60_000);

  it('is invalid, without recognising anything, when the old version is gone from versions', async () => {
    seed({ version: 'v2020-01-16' });
    const { record } = await verify(languageModel, withTestSet, [`${BASE}.v2017-05-01`]);
    expect(record).toMatchObject({ outcome: 'invalid', recognitionRequests: 0 });
    expect(record?.reason).toContain(`${BASE}.v2017-05-01 is gone from the model's versions`);
    expect(recognitions()).toEqual([]);
  }, 60_000);

  it('records unverified, without recognising anything, for a model without a test set', async () => {
    seed();
    await upgrade(LM, 'language');
    const { record, result } = await verify(languageModel, {});
    expect(record).toMatchObject({
      outcome: 'unverified',
      reason: 'no test set is configured for the model',
      testSet: null,
    });
    expect(recognitions()).toEqual([]);
    expect(result.output).toMatchObject({ verification: { next: 'done', batches: [] } });
  }, 60_000);

  it('retries recognition faults, and records invalid when recognition kept failing without failing the run', async () => {
    seed();
    await upgrade(LM, 'language');
    simulator.addFaults([{ kind: 'status', status: 503, match: { operation: 'recognize' }, times: 2 }]);
    const retried = await verify(languageModel);
    expect(retried.record?.outcome).toBe('passed');
    expect(retried.result.events.filter((event) => event.type === 'StateRetried')).toHaveLength(2);

    simulator.addFaults([{ kind: 'status', status: 503, match: { operation: 'recognize' } }]);
    const { record } = await verify(languageModel);
    expect(record).toMatchObject({
      outcome: 'invalid',
      reason: 'recognition kept failing',
      failure: { error: 'Transient' },
    });
    expect(record?.failure?.cause).toContain('HTTP 503');
  }, 60_000);
});
