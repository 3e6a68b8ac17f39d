import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpgradeAttempt } from '#core/history/history-records.js';
import type { AcousticModelSeed, LanguageModelSeed } from '#simulator/index.js';
import {
  base,
  type FleetHarness,
  instanceId,
  nextId,
  oldVersion,
  release,
  seedBehindRelease,
  startFleetHarness,
} from './fleet-harness.js';

const target = `${base}.${release}`;
const pairs = [
  { languageModelId: nextId('0a'), acousticModelId: nextId('0b') },
  { languageModelId: nextId('0a'), acousticModelId: nextId('0b') },
] as const;

let h: FleetHarness;
beforeAll(async () => {
  h = await startFleetHarness({ fleetMaxConcurrency: 4, pairings: [...pairs] });
});
afterAll(async () => {
  await h.stop();
});

const scheduleInput = (date: string) => ({ trigger: { type: 'schedule', id: date } });
const releaseInput = (entryId: string) => ({
  trigger: { type: 'release', id: entryId },
  baseModels: [base],
  releaseDates: { [base]: '2026-11-24' },
});
/** Upgrade requests IBM carried out for a model (a refusal, e.g. while its language model upgrades, is not one). */
const accepted = (customizationId: string) =>
  h.simulator
    .requestLog()
    .filter(
      (e) =>
        e.customizationId === customizationId &&
        e.operation.startsWith('upgrade_') &&
        (e.status === 200 || e.appliedStatus === 200),
    )
    .map((e) => (e.query.custom_language_model_id ? 'with-language-model' : 'upgrade'));
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

/** An acoustic model whose upgrade takes about five hours at IBM (about a second here). */
const slowAcousticModel = (
  customizationId: string,
  trainedWithLanguageModel?: string,
): AcousticModelSeed => ({
  customizationId,
  name: `audio-${customizationId.slice(-2)}`,
  baseModelName: base,
  version: oldVersion,
  audioMinutes: 300,
  ...(trainedWithLanguageModel ? { trainedWithLanguageModel } : {}),
});
const smallLanguageModel = (customizationId: string): LanguageModelSeed => ({
  customizationId,
  name: `calls-${customizationId.slice(-2)}`,
  baseModelName: base,
  version: oldVersion,
  words: 20,
});

/** Stops the fleet once `accepted` says IBM took what the test needs, then waits for IBM to finish it all. */
async function stopOnceAccepted(name: string, modelIds: readonly string[], accepted: () => boolean) {
  let ended = false;
  const running = h.upgrader.runFleet(releaseInput(name), { name }).finally(() => {
    ended = true;
  });
  while (!accepted() && !ended) await pause();
  expect(ended).toBe(false);
  const stopped = await h.upgrader.stopExecution(name);
  expect(stopped.status).toBe('ABORTED');
  await running;
  while (modelIds.some((id) => h.simulator.model(id)?.status === 'upgrading')) await pause();
}

/** The attempts every run recorded on a model, and the stopped fleet's unit run that held it. */
async function recordsOf(stoppedFleet: string, customizationId: string) {
  const attempts = await h.upgrader.history.modelHistory(instanceId, customizationId);
  const unitRuns = await h.upgrader.history.fleet.unitRuns(stoppedFleet);
  const stoppedRunIds = new Set(unitRuns.map((u) => u.unitRunId));
  const stopped = attempts.find((a) => stoppedRunIds.has(a.runId)) as UpgradeAttempt;
  return { attempts, stopped };
}

describe('an upgrade IBM accepted from a fleet run that was then stopped', () => {
  it('is recorded upgraded under the stopped unit run by the scan after it, which finds the models on target', async () => {
    const models = [nextId('0c'), nextId('0c'), nextId('0c')];
    seedBehindRelease(h, { acousticModels: models.map((id) => slowAcousticModel(id)) });
    const stoppedFleet = 'schedule-stopped-accepted';
    await stopOnceAccepted(stoppedFleet, models, () => models.every((id) => accepted(id).length > 0));
    expect(models.every((id) => h.simulator.model(id)?.versions.includes(target))).toBe(true);

    const scan = await h.upgrader.runFleet(scheduleInput('schedule-after-accepted'), {
      name: 'schedule-after-accepted',
    });
    expect(scan.status).toBe('SUCCEEDED');
    for (const id of models) {
      const { attempts, stopped } = await recordsOf(stoppedFleet, id);
      expect(stopped).toMatchObject({
        outcome: 'upgraded',
        versionAfter: target,
        reason: 'IBM finished the upgrade after its run had stopped',
        steps: ['upgrade'],
      });
      expect(attempts.filter((a) => a.outcome === 'in-progress')).toEqual([]);
      expect(attempts.filter((a) => a.outcome === 'upgraded')).toHaveLength(1);
      expect(h.upgradeCalls().get(id)).toEqual(['upgrade_acoustic_model']);
    }
    expect(await h.upgrader.history.stopped.onInstance(instanceId)).toEqual([]);
  });

  it('keeps a paired acoustic model’s with-language-model step IBM accepted for the stopped run: recorded done, never asked again', async () => {
    const { languageModelId: lm, acousticModelId: am } = pairs[0];
    seedBehindRelease(h, {
      languageModels: [smallLanguageModel(lm)],
      acousticModels: [slowAcousticModel(am, lm)],
    });
    const stoppedFleet = 'schedule-stopped-second-step';
    const withLanguageModel = `upgrade_acoustic_model?custom_language_model_id=${lm}`;
    await stopOnceAccepted(stoppedFleet, [am], () => accepted(am).includes('with-language-model'));

    const scan = await h.upgrader.runFleet(scheduleInput('schedule-after-second-step'), {
      name: 'schedule-after-second-step',
    });
    expect(scan.status).toBe('SUCCEEDED');
    const { attempts, stopped } = await recordsOf(stoppedFleet, am);
    expect(stopped).toMatchObject({ outcome: 'upgraded', versionAfter: target });
    expect(stopped.steps).toEqual(['upgrade', 'upgrade-with-language-model']);
    expect(attempts.filter((a) => a.outcome === 'in-progress')).toEqual([]);
    expect(await h.upgrader.history.hasLanguageModelStep(instanceId, am, target)).toBe(true);
    expect(h.upgradeCalls().get(am)).toEqual(['upgrade_acoustic_model', withLanguageModel]);
  });

  it('leaves a paired acoustic model stopped after its first step owing the second, which the scan does and records', async () => {
    const { languageModelId: lm, acousticModelId: am } = pairs[1];
    seedBehindRelease(h, {
      languageModels: [smallLanguageModel(lm)],
      acousticModels: [slowAcousticModel(am, lm)],
    });
    const stoppedFleet = 'schedule-stopped-first-step';
    await stopOnceAccepted(stoppedFleet, [am], () => accepted(am).length > 0);

    const scan = await h.upgrader.runFleet(scheduleInput('schedule-after-first-step'), {
      name: 'schedule-after-first-step',
    });
    expect(scan.status).toBe('SUCCEEDED');
    const { attempts, stopped } = await recordsOf(stoppedFleet, am);
    expect(stopped).toMatchObject({
      outcome: 'failed',
      error: 'RunAbandoned',
      versionAfter: target,
      steps: ['upgrade'],
      reason:
        'its run stopped after IBM finished the first step; the with-language-model step is left to the next run',
    });
    const upgraded = attempts.filter((a) => a.outcome === 'upgraded');
    expect(upgraded).toHaveLength(1);
    expect(upgraded[0]?.steps).toEqual(['upgrade-with-language-model']);
    expect(attempts.filter((a) => a.outcome === 'in-progress')).toEqual([]);
    expect(await h.upgrader.history.hasLanguageModelStep(instanceId, am, target)).toBe(true);
    expect(h.upgradeCalls().get(am)).toEqual([
      'upgrade_acoustic_model',
      `upgrade_acoustic_model?custom_language_model_id=${lm}`,
    ]);
  });
});
