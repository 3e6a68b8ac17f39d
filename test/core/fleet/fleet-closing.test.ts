import { describe, expect, it } from 'vitest';
import { plannedUnitsOf, unitsWentUnreported } from '#core/fleet/fleet-closing.js';
import type { FleetPage, FleetRun } from '#core/fleet/fleet-records.js';
import { upgradeUnitInputSchema } from '#core/unit/unit-input.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const unit = (n: number, acoustic: number[] = []) =>
  upgradeUnitInputSchema.parse({
    instanceId: 'prod',
    languageModelId: id(n),
    acousticModels: acoustic.map((a) => ({ customizationId: id(a), trainedWithLanguageModel: true })),
  });
const page = (n: number, units: ReturnType<typeof unit>[]) => ({ page: n, units }) as unknown as FleetPage;

describe('unitsWentUnreported', () => {
  const run = { plan: { unitCount: 3 } } as Pick<FleetRun, 'plan'>;
  it.each([
    { reported: 3, unreported: false },
    { reported: 2, unreported: true },
    { reported: 0, unreported: true },
  ])('$reported of 3 reported: pages read: $unreported', ({ reported, unreported }) => {
    expect(unitsWentUnreported(run, reported)).toBe(unreported);
  });
});

describe('plannedUnitsOf', () => {
  it('places every unit of the plan’s pages, with its models, and ignores pages past the count', () => {
    const pages = [page(1, [unit(1, [2]), unit(3)]), page(2, [unit(4)]), page(3, [unit(5)])];
    expect(plannedUnitsOf(pages, 2)).toEqual([
      { page: 1, item: 0, instanceId: 'prod', modelIds: [id(1), id(2)] },
      { page: 1, item: 1, instanceId: 'prod', modelIds: [id(3)] },
      { page: 2, item: 0, instanceId: 'prod', modelIds: [id(4)] },
    ]);
  });
});
