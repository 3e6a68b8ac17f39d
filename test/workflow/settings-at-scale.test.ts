import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSttConnection } from '#adapters/stt/index.js';
import { systemClock } from '#adapters/system-clock.js';
import { resolvePollPolicy } from '#core/unit/poll-policy.js';
import { planFleet } from '#handlers/plan-fleet.js';
import { settingsReaders } from '#handlers/runtime/settings-readers.js';
import type { LocalInstance } from '#local/local-upgrader.js';
import {
  base,
  type FleetHarness,
  instanceId,
  nextId,
  oldVersion,
  seedBehindRelease,
  startFleetHarness,
} from './fleet-harness.js';

/** IBM allows 1,024 custom models of each kind per instance: 1,000 pairings on the simulated one. */
const LANGUAGE_MODELS = 100;
const ACOUSTIC_PER_LANGUAGE_MODEL = 10;
const OTHER_INSTANCES = 49;
/** The other 4,000 pairings, 100 on each of 40 other instances. */
const OTHER_PAIRINGS = 100;
const INSTANCES_WITH_OTHER_PAIRINGS = 40;
/** Hang guard: seeding 1,100 models, listing them over HTTP and writing 100 units takes seconds. */
const planTimeoutMs = 300_000;

const languageModels = Array.from({ length: LANGUAGE_MODELS }, () => nextId('0a'));
const pairings = languageModels.flatMap((languageModelId) =>
  Array.from({ length: ACOUSTIC_PER_LANGUAGE_MODEL }, () => ({
    acousticModelId: nextId('0b'),
    languageModelId,
  })),
);

let h: FleetHarness;
beforeAll(async () => {
  // 49 more instances with pairings and test-set mappings: the store holds a deployment of that size.
  const otherInstances: LocalInstance[] = Array.from({ length: OTHER_INSTANCES }, (_, i) => ({
    id: `other-${i}`,
    connection: parseSttConnection({ serviceUrl: 'http://127.0.0.1:9', auth: { type: 'none' } }),
    pairings: Array.from({ length: i < INSTANCES_WITH_OTHER_PAIRINGS ? OTHER_PAIRINGS : 0 }, () => ({
      acousticModelId: nextId('0d'),
      languageModelId: nextId('0e'),
    })),
    settings: {
      testSets: {
        byModel: Object.fromEntries(Array.from({ length: 200 }, () => [nextId('0c'), 'general'])),
        byBaseModel: {},
      },
    },
  }));
  h = await startFleetHarness({ fleetMaxConcurrency: 10, pairings, otherInstances });
}, planTimeoutMs);
afterAll(async () => {
  await h?.stop();
});

describe('a fleet planner with 5,000 pairings in the settings store', () => {
  it('reads them from the store and groups each language model of its instance with its ten acoustic models', {
    timeout: planTimeoutMs,
  }, async () => {
    seedBehindRelease(h, {
      languageModels: languageModels.map((customizationId, n) => ({
        customizationId,
        name: `lm-${n}`,
        baseModelName: base,
        version: oldVersion,
        words: 20,
      })),
      acousticModels: pairings.map(({ acousticModelId }, n) => ({
        customizationId: acousticModelId,
        name: `am-${n}`,
        baseModelName: base,
        version: oldVersion,
        audioMinutes: 60,
      })),
    });
    // The operator re-pairs one acoustic model after the deploy: the planner follows the import.
    const [moved] = pairings;
    const movedTo = languageModels[1] as string;
    await h.upgrader.settings.importPairings(
      [{ instanceId, acousticModelId: moved?.acousticModelId ?? '', languageModelId: movedTo }],
      { replace: false },
    );
    const snapshot = await h.upgrader.settings.snapshot();
    expect(snapshot.instanceIds).toHaveLength(OTHER_INSTANCES + 1);
    expect(snapshot.allPairings()).toHaveLength(5_000);
    expect(snapshot.pairings(instanceId)).toHaveLength(LANGUAGE_MODELS * ACOUSTIC_PER_LANGUAGE_MODEL);

    const plan = planFleet({
      ...settingsReaders(h.upgrader.settings),
      stt: h.upgrader.stt,
      recognizer: () => Promise.reject(new Error('no probe in this plan')),
      history: h.upgrader.history,
      clock: systemClock,
      pollPolicy: resolvePollPolicy({}),
      releaseNotesSources: [],
    });
    await plan({
      input: {
        trigger: { type: 'manual', id: 'scale' },
        instanceIds: [instanceId],
        releaseDates: { [base]: '2026-11-24' },
      },
      execution: { name: 'plan-5000-pairings' },
    });

    const units = (await h.upgrader.history.fleet.pages('plan-5000-pairings')).flatMap((page) => page.units);
    expect(units).toHaveLength(LANGUAGE_MODELS);
    const expected = new Map<string, string[]>(languageModels.map((id) => [id, []]));
    for (const { acousticModelId, languageModelId } of pairings) {
      const to = acousticModelId === moved?.acousticModelId ? movedTo : languageModelId;
      expected.get(to)?.push(acousticModelId);
    }
    for (const unit of units) {
      const acoustic = unit.acousticModels.map((m) => m.customizationId).sort();
      expect(acoustic, unit.languageModelId).toEqual(expected.get(unit.languageModelId ?? '')?.sort());
      expect(unit.acousticModels.every((m) => m.trainedWithLanguageModel)).toBe(true);
    }
  });
});
