import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DOMParser } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSttConnection } from '#adapters/stt/index.js';
import type { Notice } from '#core/contract/notifier.js';
import { type LocalDynamo, startLocalDynamo } from '#local/dynamodb/index.js';
import { type LocalUpgrader, startLocalUpgrader } from '#local/local-upgrader.js';
import { ScaledClock } from '#local/scaled-clock.js';
import { audioSha256, generateWav, type RunningSimulator, startSimulator } from '#simulator/index.js';
import { laggingIndexes } from './harness.js';

/**
 * Verification inside fleet runs, as local mode runs them: the synthesized fleet and unit definitions,
 * test sets in a directory, the simulator recognising them with an error profile on the new version.
 */
const instanceId = 'verified-instance';
const base = 'en-US_BroadbandModel';
const release = 'v2026-11-24';
const sentences = ['i want to check my claim status', 'the claim number is on the letter'];
const ids = [
  '0e000000-0000-4000-8000-000000000001',
  '0e000000-0000-4000-8000-000000000002',
  '0e000000-0000-4000-8000-000000000003',
];
const unverified = '0e000000-0000-4000-8000-000000000009';
/** Its test set names a recording that is not there: the verification is invalid, the upgrade stands. */
const brokenSet = '0e000000-0000-4000-8000-000000000008';

let simulator: RunningSimulator;
let dynamo: LocalDynamo;
let upgrader: LocalUpgrader;
let directory: string;
const notices: Notice[] = [];

/** One test set per model id, all of the same two utterances; the simulator hears each as its text. */
function writeTestSets(): void {
  directory = mkdtempSync(path.join(tmpdir(), 'fleet-verification-'));
  const references: { sha256: string; text: string }[] = [];
  for (const index of ids.keys()) {
    const folder = path.join(directory, `set-${index}`);
    mkdirSync(folder, { recursive: true });
    const lines = sentences.map((text, n) => {
      const audio = generateWav({ seconds: 2, seed: index * 10 + n + 1 });
      writeFileSync(path.join(folder, `${n}.wav`), audio);
      references.push({ sha256: audioSha256(audio), text });
      return JSON.stringify({ audio: `${n}.wav`, reference: text, contentType: 'audio/wav' });
    });
    writeFileSync(path.join(folder, 'manifest.jsonl'), `${lines.join('\n')}\n`);
  }
  simulator.addRecognitionReferences(references);
  const broken = path.join(directory, 'broken');
  mkdirSync(broken);
  writeFileSync(
    path.join(broken, 'manifest.jsonl'),
    `${JSON.stringify({ audio: 'gone.wav', reference: 'hello' })}\n`,
  );
}

beforeAll(async () => {
  const clock = new ScaledClock(20_000);
  simulator = await startSimulator({ clock: { now: () => clock.nowMs() }, seed: 5 });
  dynamo = await startLocalDynamo({ faults: laggingIndexes });
  writeTestSets();
  upgrader = await startLocalUpgrader({
    instances: [
      {
        id: instanceId,
        connection: parseSttConnection({ serviceUrl: simulator.url, auth: { type: 'none' } }),
        settings: {
          testSets: {
            byModel: {
              ...Object.fromEntries(ids.map((id, index) => [id, `set-${index}`])),
              [brokenSet]: 'broken',
            },
            byBaseModel: {},
          },
        },
      },
    ],
    dynamoEndpoint: dynamo.endpoint,
    clock,
    // One unit at a time, so the gate is reached before the later units start.
    fleetMaxConcurrency: 1,
    testSets: { directory, verification: { maxRegressedUnits: 1 } },
    notifier: { notify: async (notice) => void notices.push(notice) },
  });
});

afterAll(async () => {
  await simulator?.stop();
  await dynamo?.stop();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

describe('verification in a fleet run', () => {
  it('records passed, regressed, invalid and unverified, notifies the regression with its pin, and stops at maxRegressedUnits', async () => {
    simulator.seedFleet({
      // Units run in the order IBM lists the models.
      languageModels: [
        { customizationId: unverified, name: 'no-test-set', baseModelName: base, words: 500 },
        { customizationId: brokenSet, name: 'broken-set', baseModelName: base, words: 500 },
        ...ids.map((customizationId, index) => ({
          customizationId,
          name: `calls-${index}`,
          baseModelName: base,
          words: 500,
        })),
      ],
    });
    simulator.releaseBaseModelVersion(base, release);
    // The new version drops "claim" for the second model only: its unit regresses, the first passes.
    simulator.addRecognitionProfiles([
      { customizationId: ids[1] as string, version: release, drops: ['claim'] },
    ]);
    const result = await upgrader.runFleet(
      {
        trigger: { type: 'manual', id: 'verify' },
        customizationIds: [unverified, brokenSet, ...ids],
        targetVersions: { [base]: release },
      },
      { name: 'fleet-verification' },
    );
    expect(result.status).toBe('SUCCEEDED');

    const fleet = await upgrader.history.fleet.requireRun('fleet-verification');
    const summary = fleet.summary;
    const outcomes = await upgrader.history.fleet.unitOutcomes('fleet-verification');
    expect(summary?.models.verification).toEqual({ passed: 1, regressed: 1, invalid: 1, unverified: 1 });
    expect(summary?.units.notStarted).toBe(1);
    expect(summary?.stoppedAfterRegressions).toEqual({ regressedUnits: 1, maxRegressedUnits: 1 });
    expect(summary?.message).toContain('the run stopped after 1 unit(s) regressed (maxRegressedUnits 1)');
    // The unit not started touched nothing at IBM.
    expect(simulator.model(ids[2] as string)?.versions).toEqual([`${base}.v2020-01-16`]);

    const records = (
      await Promise.all(outcomes.map((o) => upgrader.history.verification.ofRun(o.unitRunId)))
    ).flat();
    const byModel = new Map(records.map((record) => [record.customizationId, record]));
    expect(byModel.get(ids[0] as string)).toMatchObject({
      outcome: 'passed',
      testSet: 'set-0',
      utterances: 2,
    });
    expect(byModel.get(ids[0] as string)?.new?.wer).toBe(0);
    const regressed = byModel.get(ids[1] as string);
    expect(regressed).toMatchObject({
      outcome: 'regressed',
      testSet: 'set-1',
      wordsLost: [{ word: 'claim', count: 2 }],
    });
    expect(regressed?.old?.wer).toBe(0);
    expect(regressed?.new?.wer).toBeGreaterThan(0.1);
    expect(byModel.get(unverified)).toMatchObject({ outcome: 'unverified' });
    expect(byModel.get(brokenSet)).toMatchObject({ outcome: 'invalid', testSet: 'broken' });
    expect(byModel.get(brokenSet)?.reason).toContain('gone.wav');
    expect(simulator.model(brokenSet)?.versions).toContain(`${base}.${release}`);

    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toContain(`base_model_version=${base}.v2020-01-16`);
    expect(notices[0]?.message).toContain('claim (2)');
  });

  it("writes the run's HTML report beside the test sets, its address in the summary", async () => {
    const summary = (await upgrader.history.fleet.requireRun('fleet-verification')).summary;
    const file = path.join(directory, '_upgrader', 'reports', 'fleet-runs', 'fleet-verification.html');
    expect(summary?.report).toEqual({ uri: file });
    const document = new DOMParser().parseFromString(readFileSync(file, 'utf8'), 'text/html');
    const charts = [...document.querySelectorAll('figure.chart[data-model]')];
    // The passed and the regressed model have a WER before and after; the broken set's has none.
    expect(
      charts.map((chart) => [
        chart.getAttribute('data-model'),
        chart.querySelectorAll('g[aria-label="dot"] circle').length,
      ]),
    ).toEqual([
      [ids[1], 2],
      [ids[0], 2],
    ]);
    const regression = document.querySelector(`section.regression[data-model="${ids[1]}"]`);
    const deleted = [...(regression?.querySelectorAll('table.alignment.new td.deletion') ?? [])];
    expect(deleted.map((cell) => cell.textContent)).toEqual(['claim', 'D', 'claim', 'D']);
  });
});
