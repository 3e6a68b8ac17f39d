import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DOMParser } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from '#core/contract/notifier.js';
import type { LocalUpgrader } from '#local/local-upgrader.js';
import type { RunningSimulator } from '#simulator/index.js';
import { type LocalFleet, laggingIndexes, startLocalFleet } from '#testkit/local-fleet.js';
import { writeBrokenTestSet, writeTestSet } from '#testkit/test-sets.js';

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

let fleet: LocalFleet;
let simulator: RunningSimulator;
let upgrader: LocalUpgrader;
let directory: string;
const notices: Notice[] = [];

beforeAll(async () => {
  fleet = await startLocalFleet({
    simulator: { seed: 5 },
    dynamoFaults: laggingIndexes,
    upgrader: {
      instance: {
        id: instanceId,
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
      // One unit at a time, so the gate is reached before the later units start.
      fleetMaxConcurrency: 1,
      testSets: { verification: { maxRegressedUnits: 1 } },
      notifier: { notify: async (notice) => void notices.push(notice) },
    },
  });
  ({ simulator, upgrader, directory } = fleet);
  // One test set per model id, all of the same two utterances; the simulator hears each as its text.
  for (const index of ids.keys())
    simulator.addRecognitionReferences(
      writeTestSet(directory, `set-${index}`, sentences, { seconds: 2, seed: index * 10 + 1 }),
    );
  writeBrokenTestSet(directory, 'broken');
});

afterAll(async () => {
  await fleet?.stop();
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
