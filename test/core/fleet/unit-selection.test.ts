import { describe, expect, it } from 'vitest';
import {
  type FleetUnitOutcome,
  fleetStopReason,
  type UnreachableInstance,
} from '#core/fleet/fleet-records.js';
import { summarizeFleet } from '#core/fleet/fleet-summary.js';
import { defaultPageLimits, modelStanding, paginateUnits, selectUnits } from '#core/fleet/unit-selection.js';
import type { CustomModel } from '#core/model/custom-model.js';
import { unitOptionsSchema, upgradeUnitInputSchema } from '#core/unit/unit-input.js';
import { input, instance } from './selection-fixtures.js';

const base = 'en-US_BroadbandModel';
const id = (prefix: string, n: number) => `${prefix}000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const model = (
  kind: CustomModel['kind'],
  customizationId: string,
  versions: string[],
  baseModelName = base,
): CustomModel => ({
  kind,
  customizationId,
  name: customizationId.slice(-4),
  baseModelName,
  versions,
  status: 'available',
  updated: undefined,
  created: undefined,
  language: 'en-US',
  error: undefined,
});
const old = `${base}.v2020-01-16`;
const fresh = `${base}.v2026-11-24`;

describe('modelStanding', () => {
  it('uses a named target version first, then a release date, then the newest version seen', () => {
    const m = { baseModelName: base, versions: [old] };
    const none = { targetVersions: {}, releaseDates: {} };
    expect(modelStanding(m, { ...none, targetVersions: { [base]: 'v2026-11-24' } }, {})).toBe('behind');
    expect(modelStanding(m, { ...none, targetVersions: { [base]: 'v2019-01-01' } }, {})).toBe('current');
    expect(modelStanding(m, { ...none, releaseDates: { [base]: '2026-11-24' } }, {})).toBe('behind');
    expect(modelStanding(m, { ...none, releaseDates: { [base]: '2019-05-01' } }, {})).toBe('current');
    expect(modelStanding(m, none, { [base]: 'v2026-11-24' })).toBe('behind');
    expect(modelStanding(m, none, { [base]: 'v2020-01-16' })).toBe('current');
    expect(modelStanding(m, none, {})).toBe('no-newer-known');
  });

  it('reports versions it cannot order as opaque instead of guessing', () => {
    const m = { baseModelName: base, versions: [`${base}.v07-06082016.06202016`] };
    expect(modelStanding(m, { targetVersions: {}, releaseDates: { [base]: '2026-11-24' } }, {})).toBe(
      'opaque',
    );
    expect(modelStanding(m, { targetVersions: { [base]: 'v2026-11-24' }, releaseDates: {} }, {})).toBe(
      'opaque',
    );
    expect(modelStanding(m, { targetVersions: {}, releaseDates: {} }, { [base]: 'v2026-11-24' })).toBe(
      'opaque',
    );
  });
});

describe('selectUnits', () => {
  it('takes a unit when any of its models is behind, with the pairings grouping it', () => {
    const lm = id('0a', 1);
    const am = id('0b', 1);
    const current = id('0a', 2);
    const plan = selectUnits(input(), [
      instance({
        languageModels: [model('language', lm, [fresh]), model('language', current, [fresh])],
        acousticModels: [model('acoustic', am, [old])],
        pairings: [{ acousticModelId: am, languageModelId: lm }],
      }),
    ]);
    expect(plan.units).toHaveLength(1);
    expect(plan.units[0]).toMatchObject({
      instanceId: 'prod',
      languageModelId: lm,
      acousticModels: [{ customizationId: am, trainedWithLanguageModel: true }],
      trigger: { type: 'schedule', id: '2026-12-01' },
      options: { dryRun: false, targetVersions: { [base]: 'v2026-11-24' } },
    });
    expect(plan.instances).toEqual([{ instanceId: 'prod', modelsConsidered: 3, modelsBehind: 1, units: 1 }]);
  });

  it('filters by base model and by customization id', () => {
    const other = 'fr-FR_BroadbandModel';
    const models = [
      model('language', id('0a', 1), [old]),
      model('language', id('0a', 2), [fresh]),
      model('language', id('0a', 3), [`${other}.v2019-01-01`], other),
      model('language', id('0a', 4), [`${other}.v2026-01-01`], other),
    ];
    const byBase = selectUnits(input({ baseModels: [other] }), [instance({ languageModels: models })]);
    expect(byBase.units.map((u) => u.languageModelId)).toEqual([id('0a', 3)]);
    const byId = selectUnits(input({ customizationIds: [id('0a', 2), id('0a', 3)] }), [
      instance({ languageModels: models }),
    ]);
    expect(byId.units.map((u) => u.languageModelId)).toEqual([id('0a', 3)]);
  });

  it('plans from release dates, resolves a target only from a version no older than the release, lists opaque models', () => {
    const opaque = model('acoustic', id('0b', 9), [`${base}.v07-06082016.06202016`]);
    const plan = selectUnits(input({ releaseDates: { [base]: '2026-11-24' }, options: { dryRun: true } }), [
      instance({
        languageModels: [model('language', id('0a', 1), [old]), model('language', id('0a', 2), [old])],
        acousticModels: [opaque],
      }),
    ]);
    expect(plan.units.map((u) => u.languageModelId)).toEqual([id('0a', 1), id('0a', 2)]);
    // Nobody is on the released version yet: the units get no target, their claims key on "after v2020-01-16".
    expect(plan.units[0]?.options).toEqual(unitOptionsSchema.parse({ dryRun: true }));
    expect(plan.opaque).toEqual([
      {
        instanceId: 'prod',
        customizationId: opaque.customizationId,
        kind: 'acoustic',
        baseModelName: base,
        versions: opaque.versions,
      },
    ]);
    const seen = selectUnits(input({ releaseDates: { [base]: '2026-11-20' } }), [
      instance({
        languageModels: [model('language', id('0a', 1), [old]), model('language', id('0a', 2), [fresh])],
      }),
    ]);
    expect(seen.units[0]?.options.targetVersions).toEqual({ [base]: 'v2026-11-24' });
  });

  it('finds nothing when no model is known to be behind', () => {
    const plan = selectUnits(input(), [
      instance({ languageModels: [model('language', id('0a', 1), [old])] }),
    ]);
    expect(plan.units).toEqual([]);
    expect(plan.opaque).toEqual([]);
  });

  describe('acoustic models that owe their step with the language model', () => {
    const lm = '11111111-1111-4111-8111-111111111111';
    const am = '22222222-2222-4222-8222-222222222222';
    const onNewest = (done: ReadonlySet<string>) =>
      instance({
        languageModels: [model('language', lm, [old, fresh])],
        acousticModels: [model('acoustic', am, [old, fresh])],
        pairings: [{ acousticModelId: am, languageModelId: lm }],
        languageModelStepsDone: done,
      });

    it('plans a paired acoustic model on the target version whose with-language-model step is not recorded', () => {
      const plan = selectUnits(input({ targetVersions: { [base]: 'v2026-11-24' } }), [onNewest(new Set())]);
      expect(plan.units).toHaveLength(1);
      expect(plan.units[0]?.acousticModels).toEqual([
        { customizationId: am, trainedWithLanguageModel: true },
      ]);
      expect(plan.instances[0]?.modelsBehind).toBe(1);
    });

    it('leaves it alone once the step is recorded on the version it is on', () => {
      const plan = selectUnits(input({ targetVersions: { [base]: 'v2026-11-24' } }), [
        onNewest(new Set([`${am}#${fresh}`])),
      ]);
      expect(plan.units).toEqual([]);
    });
  });

  describe('language models of improved base models, where retraining is opted in', () => {
    const lm = '33333333-3333-4333-8333-333333333333';
    const telephony = 'en-US_Telephony';
    const trained = (updated: string) => ({
      ...model('language', lm, [`${telephony}.v2021-07-29`], telephony),
      updated,
    });
    const planWith = (updated: string, retrainDates?: Record<string, string>) =>
      selectUnits(input(), [
        instance({ languageModels: [trained(updated)], ...(retrainDates ? { retrainDates } : {}) }),
      ]);

    it('plans one last trained before the announced retrain date of its base model', () => {
      const plan = planWith('2026-01-05T10:00:00.000Z', { [telephony]: '2026-03-01' });
      expect(plan.units.map((unit) => unit.languageModelId)).toEqual([lm]);
    });

    it('leaves one trained since, and every one when the run may not retrain', () => {
      expect(planWith('2026-03-02T10:00:00.000Z', { [telephony]: '2026-03-01' }).units).toEqual([]);
      expect(planWith('2026-01-05T10:00:00.000Z').units).toEqual([]);
    });
  });
});

describe('paginateUnits', () => {
  const lone = (n: number) =>
    upgradeUnitInputSchema.parse({
      instanceId: 'prod',
      languageModelId: id('0a', n),
      trigger: { type: 'schedule', id: '2026-12-01' },
    });

  it('puts at most 100 units on a page and writes each unit its place in the fleet run', () => {
    const pages = paginateUnits(
      'schedule-2026-12-01',
      Array.from({ length: 250 }, (_, n) => lone(n)),
    );
    expect(pages.map((p) => p.units.length)).toEqual([100, 100, 50]);
    expect(pages[1]?.units[7]?.fleet).toEqual({ runId: 'schedule-2026-12-01', page: 2, item: 7 });
    for (const page of pages) {
      expect(page.units.every((u) => upgradeUnitInputSchema.safeParse(u).success)).toBe(true);
    }
  });

  it('keeps every page under its byte limit, even with the largest units the schema allows', () => {
    const big = (n: number) =>
      upgradeUnitInputSchema.parse({
        instanceId: 'prod',
        languageModelId: id('0a', n),
        acousticModels: Array.from({ length: 100 }, (_, k) => ({
          customizationId: id('0b', n * 1000 + k),
          trainedWithLanguageModel: true,
        })),
        trigger: { type: 'release', id: 'x'.repeat(200) },
      });
    const pages = paginateUnits(
      'release-entry',
      Array.from({ length: 30 }, (_, n) => big(n)),
    );
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(Buffer.byteLength(JSON.stringify(page.units))).toBeLessThanOrEqual(defaultPageLimits.maxBytes);
    }
    expect(pages.flatMap((p) => p.units)).toHaveLength(30);
  });
});

describe('summarizeFleet', () => {
  const plan = (
    unitCount: number,
    unreachableInstances: UnreachableInstance[] = [],
    maxRegressedUnits: number | null = null,
  ) => ({
    maxRegressedUnits,
    instances: [],
    unreachableInstances,
    unitCount,
    pageCount: unitCount > 0 ? 1 : 0,
    opaqueCount: 0,
    opaque: [],
    pairingProblemCount: 0,
    pairingProblems: [],
    targets: {},
  });
  const outcome = (
    item: number,
    failed: boolean,
    extra: Partial<FleetUnitOutcome> = {},
  ): FleetUnitOutcome => ({
    type: 'fleet-unit',
    fleet: { runId: 'f', page: 1, item },
    unitRunId: `unit-${item}`,
    instanceId: 'prod',
    modelIds: [id('0a', item)],
    outcome: failed ? 'failed' : 'succeeded',
    upgraded: failed ? 0 : 1,
    skipped: 0,
    failures: failed ? [{ customizationId: id('0a', item), error: 'UpgradeFailed', cause: 'boom' }] : [],
    verification: { passed: 0, regressed: 0, invalid: 0, unverified: 0 },
    endedAt: '2026-12-01T00:00:00.000Z',
    ...extra,
  });

  it('says when there was nothing to upgrade', () => {
    const summary = summarizeFleet({ fleetRunId: 'f', dryRun: false, plan: plan(0) }, []);
    expect(summary).toMatchObject({ status: 'NothingToUpgrade', units: { planned: 0 } });
    expect(summary.message).toMatch(/no custom model is behind/);
  });

  it('marks a fleet with failed or unreported units and names them', () => {
    const summary = summarizeFleet(
      { fleetRunId: 'f', dryRun: false, plan: plan(3) },
      [outcome(0, false), outcome(1, true)],
      [0, 1, 2].map((item) => ({ page: 1, item, instanceId: 'prod', modelIds: [id('0a', item)] })),
    );
    expect(summary.status).toBe('FleetHadFailures');
    expect(summary.units).toEqual({ planned: 3, succeeded: 1, failed: 1, unreported: 1, notStarted: 0 });
    expect(summary.failedUnits[0]?.failures).toEqual([
      { customizationId: id('0a', 1), error: 'UpgradeFailed', cause: 'boom' },
    ]);
    expect(summary.unreportedUnits).toEqual([
      { page: 1, item: 2, instanceId: 'prod', modelIds: [id('0a', 2)] },
    ]);
  });

  it('marks a fleet that could not list an instance, even when it found nothing to upgrade elsewhere', () => {
    const unreachable = {
      instanceId: 'lab',
      error: 'AuthFailed',
      cause: 'list_language_models: credentials refused',
    };
    const summary = summarizeFleet({ fleetRunId: 'f', dryRun: false, plan: plan(0, [unreachable]) }, []);
    expect(summary.status).toBe('FleetHadFailures');
    expect(summary.unreachableInstances).toEqual([unreachable]);
    expect(summary.message).toMatch(/1 instance\(s\) could not be listed/);
  });

  it('counts verifications, and says the run stopped after its regressed units, naming the units not started', () => {
    const verified = (passed: number, regressed: number) => ({
      passed,
      regressed,
      invalid: 0,
      unverified: 0,
    });
    const stop = 'the fleet stopped starting units after 1 unit(s) regressed (maxRegressedUnits 1)';
    const summary = summarizeFleet({ fleetRunId: 'f', dryRun: false, plan: plan(3, [], 1) }, [
      outcome(0, false, { verification: verified(1, 1) }),
      outcome(1, false, { verification: verified(2, 0) }),
      outcome(2, false, { upgraded: 0, notStarted: stop }),
    ]);
    expect(summary.units).toEqual({ planned: 3, succeeded: 2, failed: 0, unreported: 0, notStarted: 1 });
    expect(summary.models.verification).toEqual({ passed: 3, regressed: 1, invalid: 0, unverified: 0 });
    expect(summary.stoppedAfterRegressions).toEqual({ regressedUnits: 1, maxRegressedUnits: 1 });
    expect(summary.message).toContain(
      '1 not started: the run stopped after 1 unit(s) regressed (maxRegressedUnits 1)',
    );
    expect(summary.message).toContain('verified 4 upgrade(s): 3 passed, 1 regressed, 0 invalid');
  });

  it('knows when a fleet must stop starting units, and that it never stops without a gate', () => {
    const run = (regressedUnits: number, maxRegressedUnits: number | null) => ({
      regressedUnits,
      plan: { ...plan(5), maxRegressedUnits },
    });
    expect(fleetStopReason(run(1, 2))).toBeNull();
    expect(fleetStopReason(run(2, 2))).toMatch(/after 2 unit\(s\) regressed \(maxRegressedUnits 2\)/);
    expect(fleetStopReason(run(50, null))).toBeNull();
  });
});
