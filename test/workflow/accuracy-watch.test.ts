import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DOMParser } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherWatchReport, renderReportHtml } from '#adapters/report/index.js';
import { transcriptsUnder } from '#adapters/test-sets/transcript-store.js';
import { formatWatchModels } from '#cli/report/watch-report.js';
import type { Notice } from '#core/contract/notifier.js';
import type { LocalUpgrader } from '#local/local-upgrader.js';
import type { RunningSimulator } from '#simulator/index.js';
import { startTestBed, type TestBed } from '#testkit/local-fleet.js';
import { writeBrokenTestSet, writeTestSet } from '#testkit/test-sets.js';

/**
 * The accuracy watch as local mode runs it: the synthesized watch definition, the real handler, the
 * simulator over the SDK, dynalite, test sets and transcripts in a directory.
 */
const watched = 'watched-instance';
const capped = 'capped-instance';
const upgraded = 'upgraded-instance';
const LSM = '0f000000-0000-4000-8000-000000000001';
const NEXT_GEN = '0f000000-0000-4000-8000-000000000002';
const BROKEN = '0f000000-0000-4000-8000-000000000003';
const UPGRADED = '0f000000-0000-4000-8000-000000000004';
const sentences = ['i want to check my claim status', 'the claim number is on the letter', 'thank you'];

let bed: TestBed;
let simulator: RunningSimulator;
let upgrader: LocalUpgrader;
let directory: string;
const notices: Notice[] = [];
let runs = 0;

async function watch(instanceId = watched) {
  runs++;
  const result = await upgrader.runWatch({ instanceId, trigger: 'manual' }, { name: `watch-${runs}` });
  expect(result.status).toBe('SUCCEEDED');
  return result.output as { watchRunId: string; stopped?: boolean; reason?: string; outcome?: string };
}

/** The latest watch run's report of an instance, gathered and rendered as HTML, then parsed back. */
async function watchReport(instanceId: string) {
  const report = await gatherWatchReport(
    { history: upgrader.history, watchTranscripts: transcriptsUnder(directory) },
    instanceId,
    undefined,
    0.01,
    new Date(),
  );
  return new DOMParser().parseFromString(renderReportHtml(report), 'text/html');
}

const latest = (id: string, instanceId = watched) => upgrader.history.watch.latest(instanceId, id);

beforeAll(async () => {
  bed = await startTestBed({
    simulator: {
      seed: 3,
      fleet: {
        languageModels: [
          { customizationId: LSM, name: 'claims-lsm', baseModelName: 'en-US', words: 20 },
          { customizationId: NEXT_GEN, name: 'claims-ng', baseModelName: 'fr-CA_Telephony', words: 20 },
          { customizationId: BROKEN, name: 'broken-set', baseModelName: 'en-GB', words: 20 },
          {
            customizationId: UPGRADED,
            name: 'claims-upgraded',
            baseModelName: 'fr-CA_Multimedia',
            words: 20,
          },
        ],
      },
    },
  });
  ({ simulator, directory } = bed);
  simulator.addRecognitionReferences(writeTestSet(directory, 'claims', sentences, { seconds: 2, seed: 61 }));
  writeBrokenTestSet(directory, 'broken');
  const connection = bed.connection();
  upgrader = await bed.startUpgrader({
    instances: [
      {
        id: watched,
        connection,
        settings: {
          testSets: {
            byModel: { [LSM]: 'claims', [NEXT_GEN]: 'claims', [BROKEN]: 'broken' },
            byBaseModel: {},
          },
          watch: {
            enabled: true,
            schedule: 'rate(7 days)',
            maxWerIncrease: 0.01,
            pricePerMinuteUsd: 0.02,
            recognitionConcurrency: 2,
            maxConcurrency: 2,
            recognition: { parameterSet: 'enhanced', other: {} },
          },
        },
      },
      {
        id: capped,
        connection,
        settings: {
          testSets: { byModel: { [LSM]: 'claims' }, byBaseModel: {} },
          watch: {
            enabled: true,
            schedule: 'rate(7 days)',
            maxWerIncrease: 0.01,
            monthlyMinutesCap: 0.15,
            pricePerMinuteUsd: 0.02,
            recognitionConcurrency: 2,
            maxConcurrency: 2,
            recognition: { other: {} },
          },
        },
      },
      {
        id: upgraded,
        connection,
        settings: {
          testSets: { byModel: { [UPGRADED]: 'claims' }, byBaseModel: {} },
          // Nothing pinned: the watch's query is the verification's, so the upgrade's measurement is its baseline.
          watch: {
            enabled: true,
            schedule: 'rate(7 days)',
            maxWerIncrease: 0.01,
            pricePerMinuteUsd: 0.02,
            recognitionConcurrency: 2,
            maxConcurrency: 2,
            recognition: { other: {} },
          },
        },
      },
    ],
    testSets: {},
    notifier: { notify: async (notice) => void notices.push(notice) },
  });
});

afterAll(async () => {
  await bed?.stop();
});

describe('the accuracy watch', () => {
  it('takes a first baseline of every model with a test set, records a failure, and notifies nobody', async () => {
    const { watchRunId } = await watch();
    const run = await upgrader.history.watch.requireRun(watched, watchRunId);
    expect(run).toMatchObject({ outcome: 'done', models: 3, measured: 2, baselines: 2, failed: 1 });
    expect(run.audioMinutes).toBeCloseTo(0.2, 5);
    expect(run.priceUsd).toBeCloseTo(0.2 * 0.02, 6);
    const measurement = await latest(LSM);
    expect(measurement).toMatchObject({ wer: 0, comparison: { verdict: 'baseline' } });
    // The pinned parameters were sent as they are; the transcripts are beside the test sets, not in the table.
    expect(measurement?.parameters).toMatchObject({ model: 'en-US', parameter_set: 'enhanced' });
    expect(
      simulator
        .requestLog()
        .filter((r) => r.operation === 'recognize')
        .every((r) => r.query.parameter_set === 'enhanced'),
    ).toBe(true);
    expect(JSON.stringify(measurement)).not.toContain('claim status');
    const file = path.join(directory, ...(measurement?.transcripts ?? '').split('/'));
    expect(readFileSync(file, 'utf8')).toContain('i want to check my claim status');
    const failures = await upgrader.history.watch.failures(watched, watchRunId);
    expect(failures.map((f) => f.customizationId)).toEqual([BROKEN]);
    expect(notices).toEqual([]);
  });

  it('reports a silent improvement of the large speech model once, with the words lost and a link to the report', async () => {
    simulator.improveBaseModel('en-US', { confuses: { claim: 'clam' } });
    const output = await watch();
    expect(await latest(LSM)).toMatchObject({ comparison: { verdict: 'worse', notified: true } });
    expect(await latest(NEXT_GEN)).toMatchObject({ comparison: { verdict: 'steady' } });
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toContain('claims-lsm');
    expect(notices[0]?.message).toContain('Words lost: claim (2)');
    // The summary wrote the run's report where the notice said it would be, and the run records it.
    const report = (output as { report?: { uri: string } }).report?.uri ?? '';
    expect(report).toMatch(/_upgrader[\\/]reports[\\/]watch-runs[\\/]watched-instance[\\/].+\.html$/);
    expect(notices[0]?.message).toContain(`Report of this watch run (written when the run ends): ${report}`);
    const html = new DOMParser().parseFromString(readFileSync(report, 'utf8'), 'text/html');
    expect(html.querySelector(`section.regression[data-model="${LSM}"]`)).not.toBeNull();
    expect((await upgrader.history.watch.requireRun(watched, output.watchRunId)).report).toEqual({
      uri: report,
    });
    await watch();
    expect(await latest(LSM)).toMatchObject({ comparison: { verdict: 'worse', notified: false } });
    expect(notices).toHaveLength(1);
  });

  it("writes the watch run's report: each model's WER over time, and the utterances the worse model changed", async () => {
    const document = await watchReport(watched);
    const charts = [...document.querySelectorAll('figure.chart[data-model]')].map((chart) => [
      chart.getAttribute('data-model'),
      chart.querySelectorAll('g[aria-label="dot"] circle').length,
    ]);
    // Three watch runs so far; the model whose set is broken was never measured.
    expect(charts).toEqual([
      [LSM, 3],
      [NEXT_GEN, 3],
    ]);
    const regression = document.querySelector(`section.regression[data-model="${LSM}"]`);
    const swapped = [...(regression?.querySelectorAll('table.alignment.new td.substitution') ?? [])];
    expect(swapped.map((cell) => cell.textContent)).toEqual(['claim', 'clamS', 'claim', 'clamS']);
    expect(document.querySelector(`section.regression[data-model="${NEXT_GEN}"]`)).toBeNull();
  });

  it('compares with an accepted measurement from then on', async () => {
    const accepted = await latest(LSM);
    await upgrader.history.watch.setBaseline(watched, LSM, accepted?.watchRunId ?? '');
    await watch();
    expect(await latest(LSM)).toMatchObject({
      comparison: { verdict: 'steady', baselineWer: accepted?.wer },
    });
    expect(notices).toHaveLength(1);
  });

  it('starts a new baseline after an upgrade instead of alarming on the change it made', async () => {
    simulator.releaseBaseModelVersion('fr-CA_Telephony', 'v2026-11-24');
    simulator.addRecognitionProfiles([
      { baseModel: 'fr-CA_Telephony', version: 'v2026-11-24', drops: ['claim'] },
    ]);
    const stt = await upgrader.stt(watched);
    await stt.upgradeLanguageModel(NEXT_GEN);
    await expect
      .poll(async () => (await stt.getLanguageModel(NEXT_GEN)).versions.length, { timeout: 20_000 })
      .toBe(2);
    await watch();
    expect(await latest(NEXT_GEN)).toMatchObject({
      reason: 'model-changed',
      comparison: { verdict: 'baseline' },
    });
    expect(notices).toHaveLength(1);
  });

  it('an upgrade resets the comparison: its verification is the baseline, the next run does not alarm, a later change alarms once', async () => {
    await watch(upgraded);
    simulator.releaseBaseModelVersion('fr-CA_Multimedia', 'v2026-11-24');
    simulator.addRecognitionProfiles([
      { baseModel: 'fr-CA_Multimedia', version: 'v2026-11-24', drops: ['claim'] },
    ]);
    const unit = await upgrader.runUnit(
      { instanceId: upgraded, languageModelId: UPGRADED, trigger: { type: 'manual', id: 'upgrade' } },
      { name: 'upgrade-with-verification' },
    );
    expect(unit.status).toBe('SUCCEEDED');
    const [verification] = await upgrader.history.verification.ofRun(unit.name);
    expect(verification).toMatchObject({ outcome: 'regressed' });
    // The verification's own regression notice; the watch adds none for the upgrade's change.
    expect(notices.at(-1)?.message).toContain('("claims-upgraded") on instance upgraded-instance regressed');
    const before = notices.length;
    const atUpgrade = await latest(UPGRADED, upgraded);
    expect(atUpgrade).toMatchObject({
      reason: 'upgrade',
      runId: unit.name,
      measuredAt: verification?.verifiedAt,
      wer: verification?.new?.wer,
      deletions: verification?.new?.deletions,
      audioMinutes: verification?.audioMinutes,
      comparison: { verdict: 'baseline', previousWer: 0 },
    });
    expect(await upgrader.history.watch.baseline(upgraded, UPGRADED)).toBe(atUpgrade?.watchRunId);
    expect(formatWatchModels(atUpgrade ? [atUpgrade] : [])).toMatch(
      /claims-upgraded .* baseline \(upgrade\)/,
    );
    const kept = readFileSync(path.join(directory, ...(atUpgrade?.transcripts ?? '').split('/')), 'utf8');
    expect(kept).toContain('"transcript":"i want to check my status"');

    await watch(upgraded);
    expect(await latest(UPGRADED, upgraded)).toMatchObject({
      reason: 'watch',
      comparison: { verdict: 'steady', baselineMeasuredAt: atUpgrade?.measuredAt },
    });
    expect(notices).toHaveLength(before);

    simulator.improveBaseModel('fr-CA_Multimedia', { confuses: { letter: 'ladder' } });
    await watch(upgraded);
    expect(await latest(UPGRADED, upgraded)).toMatchObject({
      comparison: { verdict: 'worse', notified: true, wordsLost: [{ word: 'letter', count: 1 }] },
    });
    expect(notices).toHaveLength(before + 1);
    expect(notices.at(-1)?.message).toContain('claims-upgraded');
    await watch(upgraded);
    expect(notices).toHaveLength(before + 1);
    // Its chart: four watch runs and the verification's two versions; the upgrade's measurement is the
    // verification's new side, drawn once.
    const document = await watchReport(upgraded);
    const chart = document.querySelector(`figure.chart[data-model="${UPGRADED}"]`);
    expect(chart?.querySelectorAll('g[aria-label="dot"] circle').length).toBe(6);
  });

  it('stops a run before it starts once the monthly cap would be passed, and says why', async () => {
    expect((await watch(capped)).outcome).toBe('done');
    const before = simulator.requestLog().filter((r) => r.operation === 'recognize').length;
    const output = await watch(capped);
    expect(output.stopped).toBe(true);
    expect(output.reason).toMatch(
      /^monthly cap reached: 0\.1 of 0\.15 IBM audio minutes spent in \d{4}-\d{2}/,
    );
    expect(simulator.requestLog().filter((r) => r.operation === 'recognize')).toHaveLength(before);
    const [stopped] = await upgrader.history.watch.runs(capped, 1);
    expect(stopped).toMatchObject({ outcome: 'stopped', reason: output.reason });
    expect(notices.at(-1)?.message).toContain('did not start: monthly cap reached');
    expect(existsSync(directory)).toBe(true);
  });
});
