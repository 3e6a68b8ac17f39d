import { describe, expect, it } from 'vitest';
import {
  MIGRATION_PAGE_SIZE,
  type MigrationFleetPlan,
  type MigrationRecord,
  migrationFleetInputSchema,
  migrationFleetNotice,
  planMigrationFleet,
  summarizeMigrationFleet,
} from '#core/migration/index.js';
import type { CustomModel } from '#core/model/custom-model.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const model = (n: number, baseModelName: string, name = `m${n}`): CustomModel =>
  ({
    customizationId: id(n),
    name,
    baseModelName,
    status: 'available',
    versions: [],
  }) as unknown as CustomModel;

const record = (n: number, change: Partial<MigrationRecord>): MigrationRecord => ({
  instanceId: 'a',
  sourceId: id(n),
  sourceName: `m${n}`,
  sourceBaseModel: 'en-US_Telephony',
  target: 'en-US',
  newModelName: `m${n}`,
  newModelId: null,
  runId: 'child',
  fleetRunId: 'fleet-1',
  status: 'migrated',
  words: [],
  corpora: [],
  testSet: null,
  leftBehind: [],
  wordsRejected: [],
  corporaResent: [],
  trainPolls: 0,
  updatedAt: '2026-12-03T00:00:00.000Z',
  ...change,
});

describe('planMigrationFleet', () => {
  it('takes every previous- and next-generation model, leaves out large speech models and what is migrated', () => {
    const { plan, pages } = planMigrationFleet(
      'fleet-1',
      {},
      [
        {
          instanceId: 'a',
          languageModels: [
            model(1, 'en-US_Telephony', 'zeta'),
            model(2, 'en-US_BroadbandModel', 'alpha'),
            model(3, 'en-US'),
            model(4, 'de-DE_Telephony'),
          ],
        },
      ],
      [record(4, { instanceId: 'a' }), record(1, { status: 'failed' })],
      [],
    );
    expect(pages).toEqual([
      [
        { instanceId: 'a', sourceId: id(2), fleetRunId: 'fleet-1' },
        { instanceId: 'a', sourceId: id(1), fleetRunId: 'fleet-1' },
      ],
    ]);
    expect(plan).toMatchObject({
      itemCount: 2,
      pageCount: 1,
      alreadyMigratedCount: 1,
      alreadyMigrated: [{ instanceId: 'a', sourceId: id(4), name: 'm4' }],
    });
  });

  it('keeps to the chosen sources, and a record of another instance does not count', () => {
    const { pages } = planMigrationFleet(
      'fleet-1',
      { sourceIds: [id(1)] },
      [{ instanceId: 'b', languageModels: [model(1, 'en-US_Telephony'), model(2, 'en-US_Telephony')] }],
      [record(1, { instanceId: 'a' })],
      [],
    );
    expect(pages.flat()).toEqual([{ instanceId: 'b', sourceId: id(1), fleetRunId: 'fleet-1' }]);
  });

  it(`pages ${MIGRATION_PAGE_SIZE} sources at a time, and refuses more than 1,600 pages naming the way out`, () => {
    const many = Array.from({ length: 250 }, (_, i) => model(i + 1, 'en-US_Telephony'));
    const { plan, pages } = planMigrationFleet('f', {}, [{ instanceId: 'a', languageModels: many }], [], []);
    expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
    expect(plan.pageCount).toBe(3);
    const huge = Array.from({ length: 1_600 * 100 + 1 }, (_, i) => model(i + 1, 'en-US_Telephony'));
    expect(() => planMigrationFleet('f', {}, [{ instanceId: 'a', languageModels: huge }], [], [])).toThrow(
      /1601 pages; one fleet run takes at most 1600 pages: narrow it with instanceIds or sourceIds/,
    );
  });
});

describe('migrationFleetInputSchema', () => {
  it.each([
    [{ instanceIds: [] }, /instanceIds/],
    [{ sourceIds: ['not-a-uuid'] }, /sourceIds/],
    [{ dryRun: true }, /dryRun/],
  ])('names what is wrong in %j', (input, message) => {
    const result = migrationFleetInputSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });
});

describe('summarizeMigrationFleet', () => {
  const plan: MigrationFleetPlan = {
    instances: ['a'],
    itemCount: 5,
    pageCount: 1,
    alreadyMigratedCount: 2,
    alreadyMigrated: [],
    unreachableInstances: [],
  };
  const items = [1, 2, 3, 4, 5].map((n) => ({ instanceId: 'a', sourceId: id(n) }));
  const comparison = (verdict: 'better' | 'worse') =>
    ({ verdict }) as unknown as NonNullable<MigrationRecord['comparison']>;

  it('counts verdicts, lists failures with their reason, and counts as unfinished what this run did not end', () => {
    const summary = summarizeMigrationFleet('fleet-1', plan, items, [
      record(1, { comparison: comparison('better') }),
      record(2, { comparison: comparison('worse') }),
      record(3, { status: 'failed', error: { name: 'TestSetMissing', reason: 'no test set' } }),
      record(4, { status: 'running' }),
      record(5, { fleetRunId: 'another-run', comparison: comparison('better') }),
    ]);
    expect(summary).toEqual({
      status: 'MigrationsHadFailures',
      planned: 5,
      migrated: 2,
      verdicts: { better: 1, equal: 0, worse: 1, invalid: 0 },
      failed: 1,
      failures: [
        { instanceId: 'a', sourceId: id(3), name: 'm3', error: 'TestSetMissing', reason: 'no test set' },
      ],
      unfinished: 2,
      alreadyMigrated: 2,
      unreachableInstances: 0,
    });
    const notice = migrationFleetNotice('fleet-1', summary);
    expect(notice.subject).toBe('STT migration fleet fleet-1: MigrationsHadFailures');
    expect(notice.message).toMatch(
      /2 of 5 model\(s\) migrated \(1 better, 0 equal, 1 worse, 0 invalid\), 1 failed, 2 unfinished/,
    );
    expect(notice.message).toMatch(/m3 \(a\): TestSetMissing: no test set/);
  });

  it('says nothing was to migrate, or that all were migrated', () => {
    expect(summarizeMigrationFleet('fleet-1', plan, [], []).status).toBe('NothingToMigrate');
    expect(summarizeMigrationFleet('fleet-1', plan, items.slice(0, 1), [record(1, {})]).status).toBe(
      'AllMigrated',
    );
  });
});
